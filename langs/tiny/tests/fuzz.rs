//! The front end never panics: random bytes, random token soup and mutations of the test programs
//! all give a program or a syntax error with a position inside the input.

use tiny::compile_source;

/// A small deterministic generator (xorshift64*), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TOKENS: &[&str] = &[
    "fn",
    "if",
    "else",
    "while",
    "return",
    "break",
    "continue",
    "and",
    "or",
    "not",
    "true",
    "false",
    "nil",
    "x",
    "y",
    "f",
    "print",
    "len",
    "push",
    "0",
    "1",
    "2.5",
    "1e400",
    "99999999999999999999",
    "\"s\"",
    "\"\\q\"",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    ".",
    ":",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "#",
    "\n",
    " ",
    "é",
    "$",
];

/// Compile `source`, checking that an error points inside it.
fn compile(source: &str) {
    let lines = source.split('\n').count() as u32;
    if let Err(e) = compile_source(source) {
        assert!(e.span.line >= 1 && e.span.line <= lines, "{e} is outside {source:?}");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x1234_5678);
    for _ in 0..3000 {
        let bytes: Vec<u8> = (0..rng.below(80)).map(|_| rng.next() as u8).collect();
        compile(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn random_token_soup() {
    let mut rng = Rng(0x9abc_def0);
    for _ in 0..5000 {
        let source: Vec<&str> = (0..rng.below(60)).map(|_| rng.pick(TOKENS)).collect();
        compile(&source.join(" "));
        compile(&source.concat());
    }
}

#[test]
fn mutated_programs() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/programs");
    let mut rng = Rng(0x0fed_cba9);
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tl"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    sources.sort();
    for source in &sources {
        let chars: Vec<char> = source.chars().collect();
        for _ in 0..100 {
            let mut mutated = chars.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(mutated.len() + 1);
                match rng.below(3) {
                    0 if at < mutated.len() => {
                        mutated.remove(at);
                    }
                    1 => mutated.insert(at, rng.pick(TOKENS).chars().next().unwrap_or(' ')),
                    _ => mutated.truncate(at),
                }
            }
            compile(&mutated.into_iter().collect::<String>());
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep =
        |open: &str, middle: &str, close: &str| format!("{}{middle}{}", open.repeat(50_000), close.repeat(50_000));
    let sources = [
        format!("y = {};", deep("(", "1", ")")),
        format!("y = {};", deep("[", "1", "]")),
        format!("y = {};", deep("-", "1", "")),
        format!("y = {};", deep("not ", "1", "")),
        format!("y = {};", deep("{a:", "1", "}")),
        deep("if x {", "y = 1;", "}"),
        deep("while x {", "", "}"),
        format!("y = {}1;", "1 + ".repeat(50_000)),
        format!("y = x{};", "[0]".repeat(50_000)),
        format!("y = f{};", "()".repeat(50_000)),
    ];
    for source in sources {
        let e = compile_source(&source).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{}...: {e}", &source[..20]);
    }
}
