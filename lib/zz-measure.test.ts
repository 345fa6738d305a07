import { it } from "vitest";
import { renderCommentBody } from "@/lib/markdown";
it("t", { timeout: 300_000 }, () => {
  const inputs: Record<string, string> = {
    issue: "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$",
    dollars: "$".repeat(10_000), ticks: "`".repeat(10_000), brackets: "[".repeat(10_000), fn: "[^".repeat(3_000),
    pipes: "|".repeat(10_000), lt: "<".repeat(10_000), bs: "\\".repeat(10_000), br: "$" + "{".repeat(4_000) + "$",
    sqrt: "$$" + "\\sqrt{".repeat(1_000) + "x" + "}".repeat(1_000) + "$$", manyx: "$x$ ".repeat(2_500), table: "|a|\n|-|\n" + "|x|\n".repeat(2_400),
    quotes: ">".repeat(10_000), list: "- ".repeat(5_000) + "x", ol: "1. ".repeat(3_300), emph: "*_".repeat(2_500) + "a" + "_*".repeat(2_500),
    stars: "*".repeat(5_000) + "a" + "*".repeat(5_000), sa: "*a ".repeat(1_650) + "a* ".repeat(1_650), ta: "~a ".repeat(1_650) + "a~ ".repeat(1_650),
    vec: ("$" + "\\vec x".repeat(160) + "$\n").repeat(4), frac: ("$" + "\\frac11".repeat(140) + "$ ").repeat(4),
    fnrefs: "[^1]".repeat(2400) + "\n\n[^1]: x", links: "www.a.co ".repeat(1100), tablewide: "|" + "a|".repeat(1000) + "\n|" + "-|".repeat(1000) + "\n" + ("|" + "x|".repeat(1000) + "\n").repeat(2),
  };
  for (let r = 0; r < 2; r++) for (const [name, body] of Object.entries(inputs)) {
    const t = performance.now(); const c = process.cpuUsage();
    const { html, problem } = renderCommentBody(body);
    const ms = performance.now() - t; const cu = process.cpuUsage(c); const cpu = (cu.user + cu.system) / 1000;
    if (r === 1) console.log(name.padEnd(10), body.length, ms.toFixed(1), cpu.toFixed(1), html.length, problem);
  }
});
