//! Runs programs in metatrace's Concrete domain directly: the portal called by hand, without the
//! JIT driver's `run`.

use metatrace::domain::concrete::run_portal;
use metatrace::domain::{Concrete, Language};
use metatrace::jit::Jit;
use metatrace::params::JitParams;
use metatrace_gc::GcRef;
use tiny::builtins::{capture_output, display, exception_info};
use tiny::bytecode::MAIN;
use tiny::interp::new_frame;
use tiny::objects::heap_int;
use tiny::{compile_source, Pos, Tiny};

fn jit() -> Jit<Tiny> {
    Jit::new(JitParams::parse("off").unwrap())
}

/// Run the top level of `source` through `Tiny::portal` and give its output.
fn run_main(source: &str) -> (Result<GcRef, GcRef>, String) {
    let program = compile_source(source).unwrap();
    let jit = jit();
    let mut d = Concrete::new(&jit);
    let frame = new_frame(&mut d, &program.codes[MAIN as usize], program.prebuilt.module, 0, &[]);
    capture_output(|| match Tiny::portal(&mut d, Pos::start(program, MAIN), frame) {
        Ok(v) => Ok(v),
        Err(metatrace::domain::Leave::Raise(e)) => Err(e),
        Err(other) => panic!("the concrete portal left with {other:?}"),
    })
}

#[test]
fn the_portal_runs_a_whole_program() {
    let (result, output) =
        run_main("i = 0;\nwhile i < 3 {\n    print([i, i * 1.5, \"x\" + str(i)]);\n    i = i + 1;\n}\n");
    assert_eq!(output, "[0, 0.0, \"x0\"]\n[1, 1.5, \"x1\"]\n[2, 3.0, \"x2\"]\n");
    assert_eq!(display(result.unwrap(), GcRef::NULL), "nil");
}

#[test]
fn the_portal_raises_runtime_errors_as_exceptions() {
    let (result, output) = run_main("print(1);\nprint(1 / 0);\n");
    assert_eq!(output, "1\n");
    assert_eq!(exception_info(result.unwrap_err()), (2, "division by zero".to_owned()));
}

#[test]
fn a_function_runs_in_a_frame_built_by_hand() {
    let program =
        compile_source("fn fib(n) {\n if n < 2 { return n; }\n return fib(n - 1) + fib(n - 2);\n}\n").unwrap();
    let module = program.prebuilt.module;
    let fib = program.functions[0].code;
    let jit = jit();
    let mut d = Concrete::new(&jit);
    let frame = new_frame(&mut d, &program.codes[fib as usize], module, 1, &[heap_int(15)]);
    let result = run_portal(&mut d, Pos::start(program, fib), frame).unwrap();
    assert_eq!(display(result, GcRef::NULL), "610");
}
