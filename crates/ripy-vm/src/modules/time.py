"""The Python part of ripy's time module: calendar time over the native `_broken_down`,
`_mktime` and `_strftime` (see time.rs)."""

from posix import _structseq

_STRUCT_TM_ITEMS = 11

struct_time = _structseq(
    "time.struct_time",
    ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
     "tm_zone", "tm_gmtoff"),
    9,
)

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _seconds(secs):
    if secs is None:
        return int(time())
    if isinstance(secs, float):
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        if secs in (float("inf"), float("-inf")):
            raise OverflowError("timestamp out of range for platform time_t")
        return int(secs // 1)
    if isinstance(secs, int):
        return secs
    if hasattr(type(secs), "__float__") or hasattr(type(secs), "__index__"):
        return _seconds(float(secs))
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)


def _struct(fields):
    return struct_time(fields[:9], {"tm_zone": fields[9], "tm_gmtoff": fields[10]})


def localtime(secs=None, /):
    return _struct(_broken_down(_seconds(secs), True))


def gmtime(secs=None, /):
    return _struct(_broken_down(_seconds(secs), False))


def _fields(t, name):
    if isinstance(t, struct_time):
        return tuple(t)
    if not isinstance(t, tuple):
        raise TypeError("Tuple or struct_time argument required")
    if len(t) != 9:
        raise TypeError("%s(): illegal time tuple argument" % name)
    for v in t:
        if not isinstance(v, int):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)
    return tuple(t)


def mktime(t, /):
    result = _mktime(_fields(t, "mktime"))
    if result is None:
        raise OverflowError("mktime argument out of range")
    return result


def _checked(fields):
    year, mon, mday, hour, minute, sec, wday, yday, isdst = fields
    if mon == 0:
        mon = 1
    elif not 1 <= mon <= 12:
        raise ValueError("month out of range")
    if mday == 0:
        mday = 1
    elif not 1 <= mday <= 31:
        raise ValueError("day of month out of range")
    if not 0 <= hour <= 23:
        raise ValueError("hour out of range")
    if not 0 <= minute <= 59:
        raise ValueError("minute out of range")
    if not 0 <= sec <= 61:
        raise ValueError("seconds out of range")
    if wday < 0:
        raise ValueError("day of week out of range")
    if yday == 0:
        yday = 1
    elif not 1 <= yday <= 366:
        raise ValueError("day of year out of range")
    return (year, mon, mday, hour, minute, sec, wday % 7, yday, max(-1, min(isdst, 1)))


def strftime(format, t=None, /):
    if not isinstance(format, str):
        raise TypeError("strftime() argument 1 must be str, not %s" % type(format).__name__)
    fields = tuple(localtime()) if t is None else _checked(_fields(t, "strftime"))
    if "\0" in format:
        raise ValueError("embedded null character")
    return _strftime(format, fields)


def asctime(t=None, /):
    fields = tuple(localtime()) if t is None else _checked(_fields(t, "asctime"))
    year, mon, mday, hour, minute, sec, wday = fields[:7]
    return "%s %s %2d %02d:%02d:%02d %d" % (_DAYS[wday], _MONTHS[mon - 1], mday, hour, minute, sec, year)


def ctime(secs=None, /):
    return asctime(localtime(secs))


def strptime(string, format="%a %b %d %H:%M:%S %Y", /):
    import _strptime

    return _strptime._strptime_time(string, format)


def tzset():
    global timezone, altzone, daylight, tzname
    year = localtime().tm_year
    january = _broken_down(int(mktime((year, 1, 1, 0, 0, 0, 0, 1, -1))), True)
    july = _broken_down(int(mktime((year, 7, 1, 0, 0, 0, 0, 182, -1))), True)
    # Standard time is the half of the year without the DST flag (January in the north).
    standard, summer = (january, july) if january[8] <= 0 else (july, january)
    timezone = -standard[10]
    altzone = -summer[10]
    daylight = int(standard[10] != summer[10])
    tzname = (standard[9], summer[9])


tzset()
