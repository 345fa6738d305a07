import type { Metadata } from "next";
import { connection } from "next/server";
import { getEnv } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export const metadata: Metadata = { title: "API" };

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: {
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema?: Record<string, unknown>;
  }[];
  requestBody?: { content: { "application/json": { example?: unknown } } };
  responses: Record<string, { description: string }>;
  security?: Record<string, unknown>[];
}

function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "string";
  if (Array.isArray(schema.enum)) return schema.enum.join(" | ");
  return String(schema.type ?? "string");
}

/** The human-readable side of GET /api/openapi.json, rendered from the same document. */
export default async function ApiDocsPage() {
  await connection();
  const document = buildOpenApiDocument(getEnv().SITE_URL);
  return (
    <article className="mt-6">
      <h1 className="font-serif text-2xl font-semibold">Paperboard API</h1>
      <p className="mt-2 max-w-[75ch] text-sm leading-relaxed">{document.info.description}</p>
      <p className="mt-2 text-sm">
        Machine-readable:{" "}
        <a href="/api/openapi.json" className="underline">
          /api/openapi.json
        </a>{" "}
        (OpenAPI 3.1). Create a token on the{" "}
        <a href="/settings" className="underline">
          settings page
        </a>
        .
      </p>
      {/* Focusable and named: a keyboard scrolls what is wider than a phone. */}
      <pre
        tabIndex={0}
        role="region"
        aria-label="Example: upvote with curl"
        className="mt-3 overflow-x-auto rounded bg-stone-100 p-3 text-xs dark:bg-stone-900"
      >{`curl -X PUT ${document.servers[0]!.url}/api/papers/2312.00752/vote \\
  -H "Authorization: Bearer pb_…" -H "Content-Type: application/json" \\
  -d '{"upvoted": true}'`}</pre>
      <div className="mt-6 space-y-6">
        {Object.entries(document.paths).flatMap(([path, methods]) =>
          Object.entries(methods as Record<string, Operation>).map(([method, op]) => (
            <section
              key={`${method} ${path}`}
              id={op.operationId}
              className="border-t border-stone-200 pt-3 dark:border-stone-800"
              data-testid="api-operation"
            >
              <h2 className="font-mono text-sm">
                <span className="mr-2 rounded bg-stone-200 px-1.5 py-0.5 font-semibold uppercase dark:bg-stone-800">
                  {method}
                </span>
                {path}
              </h2>
              <p className="mt-1 font-medium">{op.summary}</p>
              {op.description && <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">{op.description}</p>}
              {op.security && <p className="mt-1 text-xs text-stone-500">Needs a token or a signed-in session.</p>}
              {op.parameters && (
                <table className="mt-2 text-sm">
                  <tbody>
                    {op.parameters.map((parameter) => (
                      <tr key={parameter.name}>
                        <td className="pr-3 font-mono">{parameter.name}</td>
                        <td className="pr-3 text-stone-500">
                          {parameter.in}
                          {parameter.required ? ", required" : ""}
                        </td>
                        <td className="text-stone-600 dark:text-stone-400">
                          {parameter.description ?? typeOf(parameter.schema)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {op.requestBody && (
                <pre
                  tabIndex={0}
                  role="region"
                  aria-label={`Example request body of ${method.toUpperCase()} ${path}`}
                  className="mt-2 overflow-x-auto rounded bg-stone-100 p-2 text-xs dark:bg-stone-900"
                >
                  {JSON.stringify(op.requestBody.content["application/json"].example, null, 2)}
                </pre>
              )}
              <p className="mt-2 text-xs text-stone-500">
                {Object.entries(op.responses)
                  .map(([status, response]) => `${status} ${response.description}`)
                  .join(" · ")}
              </p>
            </section>
          )),
        )}
      </div>
    </article>
  );
}
