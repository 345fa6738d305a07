import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A stand-in for export.arxiv.org in tests: serves the recorded answers in ./arxiv-fixtures
 * at /api/query, chosen by `id_list` or `search_query` the way arXiv would, over real HTTP
 * on 127.0.0.1. Tests can queue other answers (status codes, Retry-After, hanging).
 */

export const ARXIV_FIXTURE_DIR = path.join(import.meta.dirname, "arxiv-fixtures");

export type ArxivFixtureFile =
  | "id-2312.00752-mamba.xml"
  | "id-2312.00752-namespace-variant.xml"
  | "id-2005.14165-many-authors.xml"
  | "id-2305.18290-versions.xml"
  | "id-2401.00917-withdrawn.xml"
  | "id-hep-th-9711200-old-style.xml"
  | "id-list-batch.xml"
  | "empty.xml"
  | "error-invalid-id.xml"
  | "malformed-truncated.xml"
  | "search-cat-cs.LG.xml";

/** The recorded answer for each `id_list` (exactly as the client sends it). */
export const ARXIV_FIXTURE_ID_LISTS: Readonly<Record<string, ArxivFixtureFile>> = {
  "2312.00752": "id-2312.00752-mamba.xml",
  "2005.14165": "id-2005.14165-many-authors.xml",
  "2305.18290": "id-2305.18290-versions.xml",
  "2401.00917": "id-2401.00917-withdrawn.xml",
  "hep-th/9711200": "id-hep-th-9711200-old-style.xml",
  "hep-th/9711200,2312.99999,2312.00752": "id-list-batch.xml",
};

export const ARXIV_FIXTURE_SEARCHES: Readonly<Record<string, ArxivFixtureFile>> = {
  "cat:cs.LG": "search-cat-cs.LG.xml",
};

export type ArxivFixtureAnswer =
  | { file: ArxivFixtureFile; status?: number; headers?: Record<string, string> }
  | { body: string; status?: number; headers?: Record<string, string> }
  /** Accept the request and never send anything. */
  | { hang: "before-headers" }
  /** Send headers and the start of a recorded body, then stall. */
  | { hang: "mid-body"; file: ArxivFixtureFile };

export interface ArxivFixtureServer {
  /** Pass as the client's baseUrl. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: URL[];
  /** Answer the next request with this instead of the recorded route (first in, first out). */
  enqueue(...answers: ArxivFixtureAnswer[]): void;
  close(): Promise<void>;
}

export async function startArxivFixtureServer(): Promise<ArxivFixtureServer> {
  const requests: URL[] = [];
  const queue: ArxivFixtureAnswer[] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(url);
    const answer = queue.shift() ?? route(url);
    respond(answer, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(`fixture server: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging answers keep their sockets open; close() alone would wait for them forever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function route(url: URL): ArxivFixtureAnswer {
  if (url.pathname !== "/api/query") return { status: 404, body: "Not Found" };
  const idList = url.searchParams.get("id_list");
  const searchQuery = url.searchParams.get("search_query");
  if (idList) return { file: ARXIV_FIXTURE_ID_LISTS[idList] ?? "empty.xml" };
  if (searchQuery) return { file: ARXIV_FIXTURE_SEARCHES[searchQuery] ?? "empty.xml" };
  // What arXiv does with neither parameter is not something the client should ever ask.
  return { status: 400, body: "search_query or id_list required" };
}

const ATOM_HEADERS = { "content-type": "application/atom+xml; charset=utf-8" };

async function respond(answer: ArxivFixtureAnswer, request: IncomingMessage, response: ServerResponse) {
  if ("hang" in answer) {
    if (answer.hang === "mid-body") {
      const body = await readFixture(answer.file);
      response.writeHead(200, ATOM_HEADERS);
      response.write(body.slice(0, Math.floor(body.length / 2)));
    }
    // Nothing more is sent; the client has to give up on its own.
    request.socket.setTimeout(0);
    return;
  }
  const body = "file" in answer ? await readFixture(answer.file) : answer.body;
  const contentType = "file" in answer ? ATOM_HEADERS : { "content-type": "text/plain; charset=utf-8" };
  response.writeHead(answer.status ?? 200, { ...contentType, ...answer.headers });
  response.end(body);
}

export function readFixture(file: ArxivFixtureFile): Promise<string> {
  return readFile(path.join(ARXIV_FIXTURE_DIR, file), "utf8");
}
