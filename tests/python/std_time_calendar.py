# time's calendar functions: struct_time, gmtime, localtime, mktime, strftime, asctime, ctime,
# strptime (local-zone results are checked for consistency, not printed).
import time
t = time.gmtime(1700000000)
print(t, t.tm_year, t[0], len(t), t.tm_zone, t.tm_gmtoff, tuple(t), t[:3], t[-1])
print(time.gmtime(0), time.gmtime(-86400.5), time.gmtime(1e9))
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %%", t), time.asctime(t))
local = time.localtime(1700000000)
print(time.mktime(local) == 1700000000, type(local).__name__, len(local), local.tm_gmtoff == -time.timezone or local.tm_isdst == 1)
print(time.ctime(1700000000) == time.asctime(local), isinstance(time.tzname, tuple), time._STRUCT_TM_ITEMS)
print(time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)), time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)).tm_zone)
print(time.strptime("2021-03-04 05:06:07", "%Y-%m-%d %H:%M:%S"))
for bad in (lambda: time.gmtime("x"), lambda: time.mktime((1, 2)), lambda: time.strftime("%Y", (2020, 13, 1, 0, 0, 0, 0, 1, 0)),
            lambda: time.gmtime(float("nan")), lambda: time.asctime(5), lambda: time.struct_time((1, 2))):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
