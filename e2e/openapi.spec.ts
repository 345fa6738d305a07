import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import Ajv2020 from "ajv/dist/2020.js";
import { e2e } from "./config";
import { signInWithGitHub } from "./pages/sign-in";
import { makeSessions } from "./sessions";

interface Example {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  status: number;
}
interface Operation {
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  "x-example": Example;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/** Every route handler under app/api, as a pattern of the URLs it serves. */
function routePatterns(): { file: string; pattern: RegExp }[] {
  const root = path.join(process.cwd(), "app", "api");
  const found: { file: string; pattern: RegExp }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === "route.ts") {
        const segments = path.relative(path.join(process.cwd(), "app"), dir).split(path.sep);
        const source = segments
          .map((segment) =>
            segment.startsWith("[...") ? ".+" : segment.startsWith("[") ? "[^/]+" : segment.replace(/[.]/g, "\\."),
          )
          .join("/");
        found.push({ file: path.relative(process.cwd(), full), pattern: new RegExp(`^/${source}$`) });
      }
    }
  };
  walk(root);
  return found;
}

test.describe("the public API document", () => {
  test("lists every /api route", async ({ request }) => {
    const document: Document = await (await request.get("/api/openapi.json")).json();
    const documented = Object.keys(document.paths).map((template) => template.replace(/\{[^}]+\}/g, "x"));
    const routes = routePatterns();
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes
      .filter((route) => !documented.some((url) => route.pattern.test(url)))
      .map((route) => route.file);
    expect(missing).toEqual([]);
  });

  test("every documented operation answers its example as documented", async ({ request }) => {
    const document: Document = await (await request.get("/api/openapi.json")).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: "https://paperboard.test/openapi", components: document.components });
    const validate = (schema: Record<string, unknown>) =>
      ajv.compile(
        JSON.parse(
          JSON.stringify(schema).replaceAll('"#/components/', '"https://paperboard.test/openapi#/components/'),
        ),
      );

    // A caller with a token made the way a person makes one: signed in, on this site.
    const [me, other] = await makeSessions("openapi", 2);
    const created = await request.post("/api/tokens", {
      data: { name: "conformance" },
      headers: { cookie: me!.cookie, origin: e2e.baseUrl, "content-type": "application/json" },
    });
    expect(created.status()).toBe(201);
    const { token } = await created.json();
    const otherComment = await request.post("/api/papers/2406.12845/comments", {
      data: { body: "A comment by someone else." },
      headers: { cookie: other!.cookie, origin: e2e.baseUrl, "content-type": "application/json" },
    });
    const placeholders: Record<string, string> = {
      $otherComment: String((await otherComment.json()).id),
      $yesterday: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    };

    let operations = 0;
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const example = operation["x-example"];
        expect(example, `${method} ${template} has an example`).toBeDefined();
        const url = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const value = example.path?.[name] ?? "";
          return placeholders[value] ?? value;
        });
        const query = example.query ? `?${new URLSearchParams(example.query)}` : "";
        const response = await request.fetch(`${url}${query}`, {
          method: method.toUpperCase(),
          headers: {
            ...(operation.security ? { authorization: `Bearer ${token}` } : {}),
            ...(example.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          data: example.body === undefined ? undefined : JSON.stringify(example.body),
        });
        const label = `${method.toUpperCase()} ${url}${query}`;
        expect(response.status(), label).toBe(example.status);
        const documented = operation.responses[String(example.status)];
        expect(documented, `${label}: status ${example.status} is documented`).toBeDefined();
        if (documented!.content?.["text/markdown"])
          expect(response.headers()["content-type"], label).toMatch(/^text\/markdown/);
        const schema = documented!.content?.["application/json"]?.schema;
        if (schema) {
          const body = await response.json();
          const check = validate(schema);
          expect(check(body), `${label}: ${JSON.stringify(check.errors)}`).toBe(true);
        }
        if (method === "post" && template === "/api/papers/{arxivId}/comments")
          placeholders.$comment = String((await response.json()).id);
        operations += 1;
      }
    }
    expect(operations).toBeGreaterThanOrEqual(20);
  });

  test("the API page renders the document for people", async ({ page }) => {
    await page.goto("/api");
    await expect(page.getByRole("heading", { name: "Paperboard API" })).toBeVisible();
    expect(await page.getByTestId("api-operation").count()).toBeGreaterThanOrEqual(20);
  });
});

test.describe("personal API tokens", () => {
  test("create on the settings page, act as the user, revoke; a token cannot create tokens", async ({
    page,
    request,
  }) => {
    await page.goto("/");
    await signInWithGitHub(page, "scripter-sky");
    await page.goto("/settings");
    await page.getByLabel("Token name").fill("my-bot");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").innerText()).trim();
    expect(token).toMatch(/^pb_/);

    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const vote = await request.put("/api/papers/2406.12845/vote", { data: { upvoted: true }, headers: auth });
    expect(vote.status()).toBe(200);
    const paper = await (await request.get("/api/papers/2406.12845", { headers: auth })).json();
    expect(paper.upvoted).toBe(true);
    const comment = await request.post("/api/papers/2406.12845/comments", {
      data: { body: "Posted by my bot." },
      headers: auth,
    });
    expect((await comment.json()).author).toBe("scripter-sky");

    const mint = await request.post("/api/tokens", { data: { name: "child" }, headers: auth });
    expect(mint.status()).toBe(403);

    await page.reload();
    await page
      .getByTestId("tokens")
      .locator("li", { hasText: "my-bot" })
      .getByRole("button", { name: "Revoke" })
      .click();
    await expect(page.getByTestId("tokens")).toHaveCount(0);
    const revoked = await request.put("/api/papers/2406.12845/vote", { data: { upvoted: false }, headers: auth });
    expect(revoked.status()).toBe(401);
    expect(
      (await request.get("/api/papers/2406.12845", { headers: { authorization: "Bearer pb_forged" } })).status(),
    ).toBe(401);
  });
});
