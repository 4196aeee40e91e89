/**
 * The language matrix of `sockstep verify`: every reference program a student
 * can compare with, how it is built and the exact verify command line, and the
 * broken programs that must fail a named check. test/matrix.test.ts runs every
 * row, and checks that the README's table is the one matrixTable() draws.
 */

export type Lang = "python" | "c" | "java" | "go" | "js" | "rust";
export type Role = "server" | "client";

interface Toolchain {
  /** How the README names the language. */
  name: string;
  /** Commands that must run for this language's rows (`<tool> --version` style probe). */
  tools: string[];
  /** Compile `file` in its own folder, or null when the source runs as it is. */
  build(file: string): string[] | null;
  /** The program's own command line, before its arguments. */
  run(file: string): string[];
}

const stem = (file: string) => file.replace(/\.[^.]+$/, "");

export const TOOLCHAINS: Record<Lang, Toolchain> = {
  python: { name: "Python", tools: ["python3"], build: () => null, run: (f) => ["python3", f] },
  c: {
    name: "C",
    tools: ["gcc"],
    build: (f) => ["gcc", "-O2", "-Wall", "-o", stem(f), f],
    run: (f) => [`./${stem(f)}`],
  },
  java: {
    name: "Java",
    tools: ["javac", "java"],
    build: (f) => ["javac", f],
    run: (f) => ["java", stem(f)],
  },
  go: { name: "Go", tools: ["go"], build: (f) => ["go", "build", f], run: (f) => [`./${stem(f)}`] },
  js: { name: "JavaScript (Node.js)", tools: ["node"], build: () => null, run: (f) => ["node", f] },
  rust: {
    name: "Rust",
    tools: ["rustc"],
    build: (f) => ["rustc", "-O", f],
    run: (f) => [`./${stem(f)}`],
  },
};

export interface Program {
  lesson: string;
  role: Role;
  lang: Lang;
  /** The source file, from the project root. */
  path: string;
  /** What verify fills in after the program's own command: {port}, {host}. */
  args: string[];
}

export interface BrokenProgram extends Program {
  /** The id of the check that must fail. */
  fails: string;
  /** What is wrong with it, for the test's name. */
  mistake: string;
}

const SERVER_ARGS = ["{port}"];
const CLIENT_ARGS = ["{host}", "{port}"];

/** Echo references: one file per role and language, named as in the lecture where the language allows. */
const ECHO_FILES: Record<"udp-echo" | "tcp-echo", Record<Role, Record<Lang, string>>> = {
  "udp-echo": {
    server: {
      python: "UDPServer.py",
      c: "c/udp_server.c",
      java: "java/UDPServer.java",
      go: "go/udp_server.go",
      js: "js/udp_server.mjs",
      rust: "rust/udp_server.rs",
    },
    client: {
      python: "UDPClient.py",
      c: "c/udp_client.c",
      java: "java/UDPClient.java",
      go: "go/udp_client.go",
      js: "js/udp_client.mjs",
      rust: "rust/udp_client.rs",
    },
  },
  "tcp-echo": {
    server: {
      python: "TCPServer.py",
      c: "c/tcp_server.c",
      java: "java/TCPServer.java",
      go: "go/tcp_server.go",
      js: "js/tcp_server.mjs",
      rust: "rust/tcp_server.rs",
    },
    client: {
      python: "TCPClient.py",
      c: "c/tcp_client.c",
      java: "java/TCPClient.java",
      go: "go/tcp_client.go",
      js: "js/tcp_client.mjs",
      rust: "rust/tcp_client.rs",
    },
  },
};

/** HTTP lessons verify a server only: Python's standard library and Go's net/http. */
const HTTP_FILES: Record<string, Partial<Record<Lang, string>>> = {
  "cookie-session": { python: "shop.py", go: "go/shop.go" },
  "conditional-get": { python: "server.py", go: "go/server.go" },
  "keep-alive": { python: "keepalive_server.py", go: "go/keepalive_server.go" },
  pipelining: { python: "pipelining_server.py", go: "go/pipelining_server.go" },
};

const LANG_ORDER: Lang[] = ["python", "c", "java", "go", "js", "rust"];

export const MATRIX: Program[] = [
  ...Object.entries(ECHO_FILES).flatMap(([lesson, roles]) =>
    (["server", "client"] as const).flatMap((role) =>
      LANG_ORDER.map((lang) => ({
        lesson,
        role,
        lang,
        path: `lessons/${lesson}/reference/${roles[role][lang]}`,
        args: role === "server" ? SERVER_ARGS : CLIENT_ARGS,
      })),
    ),
  ),
  ...Object.entries(HTTP_FILES).flatMap(([lesson, files]) =>
    LANG_ORDER.filter((lang) => files[lang]).map((lang) => ({
      lesson,
      role: "server" as const,
      lang,
      path: `lessons/${lesson}/reference/${files[lang]}`,
      args: SERVER_ARGS,
    })),
  ),
];

const broken = (
  lesson: string,
  role: Role,
  lang: Lang,
  file: string,
  fails: string,
  mistake: string,
): BrokenProgram => ({
  lesson,
  role,
  lang,
  path: `test/fixtures/broken/${lesson}/${lang}/${file}`,
  args: role === "server" ? SERVER_ARGS : CLIENT_ARGS,
  fails,
  mistake,
});

export const BROKEN: BrokenProgram[] = [
  broken("udp-echo", "server", "python", "server_no_upper.py", "one-message", "no upper()"),
  broken("udp-echo", "server", "python", "server_small_buffer.py", "long", "recvfrom(1024)"),
  broken("udp-echo", "server", "c", "server_byte_toupper.c", "non-ascii", "toupper() per byte"),
  broken(
    "udp-echo",
    "client",
    "python",
    "client_no_recvfrom.py",
    "client-receives",
    "no recvfrom()",
  ),
  broken("udp-echo", "client", "c", "client_no_recvfrom.c", "client-receives", "no recvfrom()"),
  broken(
    "udp-echo",
    "client",
    "python",
    "client_prints_own_upper.py",
    "client-receives",
    "prints message.upper(), not the reply",
  ),
  broken("tcp-echo", "server", "python", "server_single_recv.py", "long", "one recv(1024)"),
  broken("tcp-echo", "server", "c", "server_never_closes.c", "one-message", "no close()"),
  broken(
    "tcp-echo",
    "client",
    "python",
    "client_sends_newline.py",
    "client-sends",
    "sends the newline",
  ),
  broken("tcp-echo", "client", "c", "client_never_closes.c", "client-closes", "no close()"),
  broken(
    "conditional-get",
    "server",
    "go",
    "server_ignores_inm.go",
    "inm-match",
    "ignores If-None-Match",
  ),
];

export const fileName = (p: Program) => p.path.slice(p.path.lastIndexOf("/") + 1);

/** The command a student types after `--`, in the folder that holds the program. */
export function runCommand(p: Program): string[] {
  return [...TOOLCHAINS[p.lang].run(fileName(p)), ...p.args];
}

export function buildCommand(p: Program): string[] | null {
  return TOOLCHAINS[p.lang].build(fileName(p));
}

export function verifyCommand(p: Program): string[] {
  return [
    "sockstep",
    "verify",
    p.lesson,
    ...(p.role === "client" ? ["--role", "client"] : []),
    "--",
    ...runCommand(p),
  ];
}

/** The README's table: one row per reference program, commands as typed in the program's folder. */
export function matrixTable(rows: readonly Program[] = MATRIX): string {
  const code = (argv: string[]) => `\`${argv.join(" ")}\``;
  const lines = [
    "| Lesson | Role | Language | Program | Build | Verify |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of rows) {
    const build = buildCommand(p);
    lines.push(
      `| ${p.lesson} | ${p.role} | ${TOOLCHAINS[p.lang].name} | [${fileName(p)}](${p.path}) | ${
        build ? code(build) : "—"
      } | ${code(verifyCommand(p))} |`,
    );
  }
  return lines.join("\n");
}
