import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ArxivError,
  type ArxivErrorKind,
  type ArxivPaper,
  fetchArxivPaper,
  fetchArxivPapers,
  parseRetryAfter,
  searchArxivCategory,
  withArxivRetries,
} from "./arxiv-client";
import { type ArxivFixtureServer, readFixture, startArxivFixtureServer } from "@/testing/arxiv-fixture-server";

let server: ArxivFixtureServer;

beforeAll(async () => {
  server = await startArxivFixtureServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
});

function options(extra: { timeoutMs?: number } = {}) {
  return { baseUrl: server.baseUrl, timeoutMs: 5_000, ...extra };
}

/** The rejection as an ArxivError, failing the test if it is anything else. */
async function arxivFailure(promise: Promise<unknown>): Promise<ArxivError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ArxivError);
  return error as ArxivError;
}

async function expectKind(promise: Promise<unknown>, kind: ArxivErrorKind): Promise<ArxivError> {
  const error = await arxivFailure(promise);
  expect(error.kind, error.message).toBe(kind);
  return error;
}

const MAMBA: ArxivPaper = {
  arxivId: "2312.00752",
  version: 2,
  title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
  abstract:
    "Foundation models, now powering most of the exciting applications in deep learning, are almost universally " +
    "based on the Transformer architecture and its core attention module. Many subquadratic-time architectures " +
    "such as linear attention, gated convolution and recurrent models, and structured state space models (SSMs) " +
    "have been developed to address Transformers' computational inefficiency on long sequences, but they have " +
    "not performed as well as attention on important modalities such as language. We identify that a key " +
    "weakness of such models is their inability to perform content-based reasoning, and make several " +
    "improvements. First, simply letting the SSM parameters be functions of the input addresses their weakness " +
    "with discrete modalities, allowing the model to selectively propagate or forget information along the " +
    "sequence length dimension depending on the current token. Second, even though this change prevents the use " +
    "of efficient convolutions, we design a hardware-aware parallel algorithm in recurrent mode. We integrate " +
    "these selective SSMs into a simplified end-to-end neural network architecture without attention or even " +
    "MLP blocks (Mamba). Mamba enjoys fast inference (5$\\times$ higher throughput than Transformers) and linear " +
    "scaling in sequence length, and its performance improves on real data up to million-length sequences. As a " +
    "general sequence model backbone, Mamba achieves state-of-the-art performance across several modalities " +
    "such as language, audio, and genomics. On language modeling, our Mamba-3B model outperforms Transformers " +
    "of the same size and matches Transformers twice its size, both in pretraining and downstream evaluation.",
  authors: ["Albert Gu", "Tri Dao"],
  publishedOn: "2023-12-01",
  updatedAt: "2024-05-31T17:52:11.000Z",
  categories: ["cs.LG", "cs.AI"],
  absUrl: "https://arxiv.org/abs/2312.00752",
  pdfUrl: "https://arxiv.org/pdf/2312.00752",
  comment: null,
  journalRef: null,
  doi: null,
  withdrawn: false,
};

describe("fetchArxivPapers over HTTP", () => {
  it("reads a normal entry and asks arXiv for exactly that id", async () => {
    expect(await fetchArxivPaper("2312.00752", options())).toEqual(MAMBA);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.pathname).toBe("/api/query");
    expect(request.searchParams.get("id_list")).toBe("2312.00752");
    expect(request.searchParams.get("max_results")).toBe("1");
  });

  it("accepts the id in any pasted form and drops the version", async () => {
    const paper = await fetchArxivPaper(" https://arxiv.org/pdf/2312.00752v1.pdf ", options());
    expect(paper).toEqual(MAMBA);
    expect(server.requests[0]!.searchParams.get("id_list")).toBe("2312.00752");
  });

  it("parses a feed with other prefixes, declarations and order identically", async () => {
    server.enqueue({ file: "id-2312.00752-namespace-variant.xml" });
    expect(await fetchArxivPaper("2312.00752", options())).toEqual(MAMBA);
  });

  it("keeps 31 authors in arXiv's order (classic layout)", async () => {
    const paper = await fetchArxivPaper("2005.14165", options());
    expect(paper.authors).toHaveLength(31);
    expect(paper.authors.slice(0, 3)).toEqual(["Tom B. Brown", "Benjamin Mann", "Nick Ryder"]);
    expect(paper.authors.at(16)).toBe("Daniel M. Ziegler");
    expect(paper.authors.at(-1)).toBe("Dario Amodei");
    expect(paper).toMatchObject({
      arxivId: "2005.14165",
      version: 4,
      title: "Language Models are Few-Shot Learners",
      publishedOn: "2020-05-28",
      updatedAt: "2020-07-22T19:47:17.000Z",
      categories: ["cs.CL"],
      comment: "40+32 pages",
      withdrawn: false,
    });
    expect(paper.abstract).toMatch(/^Recent work has demonstrated .* of GPT-3 in general\.$/);
    expect(paper.abstract).not.toMatch(/\s{2}|\n/);
  });

  it("reports the latest version with the first version's date", async () => {
    const paper = await fetchArxivPaper("2305.18290v1", options());
    expect(paper).toMatchObject({
      arxivId: "2305.18290",
      version: 3,
      publishedOn: "2023-05-29",
      updatedAt: "2024-07-29T22:26:36.000Z",
      categories: ["cs.LG", "cs.AI", "cs.CL"],
      authors: [
        "Rafael Rafailov",
        "Archit Sharma",
        "Eric Mitchell",
        "Stefano Ermon",
        "Christopher D. Manning",
        "Chelsea Finn",
      ],
      comment: null,
      withdrawn: false,
    });
  });

  it("reports a withdrawn paper as withdrawn", async () => {
    const paper = await fetchArxivPaper("arXiv:2401.00917", options());
    expect(paper).toMatchObject({ arxivId: "2401.00917", version: 3, withdrawn: true, categories: ["cs.RO"] });
    expect(paper.comment).toMatch(/^This paper has been withdrawn by the author\./);
  });

  it.each([
    ["This paper has been withdrawn by the authors due to an error in Lemma 2.", true],
    ["Withdrawn.", true],
    ["arXiv admin note: This submission has been withdrawn by arXiv administrators.", true],
    ["Twelve of the 240 participants were withdrawn from the study after week four.", false],
  ])("reads a withdrawal notice that opens the abstract: %j", async (abstract, withdrawn) => {
    const feed = (await readFixture("id-2312.00752-mamba.xml")).replace(
      /<summary>[^<]*<\/summary>/,
      `<summary>${abstract}</summary>`,
    );
    server.enqueue({ body: feed });
    const paper = await fetchArxivPaper("2312.00752", options());
    expect(paper.abstract).toBe(abstract);
    expect(paper.withdrawn).toBe(withdrawn);
  });

  it("reads an old-style id with DOI, journal reference and a wrapped comment", async () => {
    const paper = await fetchArxivPaper("https://arxiv.org/abs/hep-th/9711200v1", options());
    expect(server.requests[0]!.searchParams.get("id_list")).toBe("hep-th/9711200");
    expect(paper).toMatchObject({
      arxivId: "hep-th/9711200",
      version: 3,
      title: "The Large N Limit of Superconformal Field Theories and Supergravity",
      authors: ["Juan M. Maldacena"],
      publishedOn: "1997-11-27",
      categories: ["hep-th"],
      absUrl: "https://arxiv.org/abs/hep-th/9711200",
      pdfUrl: "https://arxiv.org/pdf/hep-th/9711200",
      comment: "20 pages, harvmac, v2: section on AdS_2 corrected, references added, v3: more references added",
      journalRef: "Adv.Theor.Math.Phys.2:231-252,1998",
      doi: "10.1023/A:1026654312961",
      withdrawn: false,
    });
    expect(paper.abstract).toMatch(/^We show that the large \$N\$ limit .* five non-compact dimensions\.$/);
  });

  it("returns a batch in the order asked, listing the ids arXiv does not have", async () => {
    const result = await fetchArxivPapers(
      ["hep-th/9711200", "arXiv:2312.99999", "https://arxiv.org/abs/2312.00752v1", "2312.00752"],
      options(),
    );
    expect(result.papers.map((paper) => paper.arxivId)).toEqual(["hep-th/9711200", "2312.00752"]);
    expect(result.papers[1]).toEqual(MAMBA);
    expect(result.notFound).toEqual(["2312.99999"]);
    const request = server.requests[0]!;
    expect(request.searchParams.get("id_list")).toBe("hep-th/9711200,2312.99999,2312.00752");
    expect(request.searchParams.get("max_results")).toBe("3");
  });

  it("treats an empty feed as not found", async () => {
    await expect(fetchArxivPapers(["2312.99999"], options())).resolves.toEqual({
      papers: [],
      notFound: ["2312.99999"],
    });
    const error = await expectKind(fetchArxivPaper("2312.99999", options()), "not_found");
    expect(error.message).toContain("2312.99999");
  });

  it("treats arXiv's error entry as not found", async () => {
    server.enqueue({ file: "error-invalid-id.xml" }, { file: "error-invalid-id.xml" });
    await expectKind(fetchArxivPaper("2312.00752", options()), "not_found");
    await expect(fetchArxivPapers(["2312.00752"], options())).resolves.toEqual({
      papers: [],
      notFound: ["2312.00752"],
    });
  });

  it("rejects what is not an id before any request", async () => {
    for (const raw of ["", "1234.12345", "Mamba", "https://example.org/abs/2312.00752", "2312.00752 OR all:x"]) {
      await expectKind(fetchArxivPapers(["2312.00752", raw], options()), "invalid_id");
    }
    expect(server.requests).toHaveLength(0);
    await expect(fetchArxivPapers([], options())).resolves.toEqual({ papers: [], notFound: [] });
  });

  it("reports malformed XML, non-Atom answers and DOCTYPEs as malformed", async () => {
    server.enqueue(
      { file: "malformed-truncated.xml" },
      { body: "<html><body><h1>Down for maintenance</h1></body></html>" },
      { body: '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x "y">]><feed xmlns="http://www.w3.org/2005/Atom"/>' },
    );
    const truncated = await expectKind(fetchArxivPaper("2312.00752", options()), "malformed");
    expect(truncated.message).toMatch(/does not parse/);
    const html = await expectKind(fetchArxivPaper("2312.00752", options()), "malformed");
    expect(html.message).toMatch(/not an Atom feed/);
    await expectKind(fetchArxivPaper("2312.00752", options()), "malformed");
  });

  it("validates entries: one without <updated> is malformed, naming the field", async () => {
    const feed = (await readFixture("id-2312.00752-mamba.xml")).replace(/<updated>2024-05-31T17:52:11Z<\/updated>/, "");
    server.enqueue({ body: feed });
    const error = await expectKind(fetchArxivPaper("2312.00752", options()), "malformed");
    expect(error.message).toContain("updatedAt");
  });

  it("reports an unexpected 4xx as malformed, not worth retrying", async () => {
    server.enqueue({ status: 400, body: "bad request" });
    const error = await expectKind(fetchArxivPaper("2312.00752", options()), "malformed");
    expect(error.status).toBe(400);
  });
});

describe("failures of the service", () => {
  it("503 with Retry-After in seconds is unavailable with retryAfterSeconds", async () => {
    server.enqueue({ status: 503, headers: { "retry-after": "7" }, body: "Service Unavailable" });
    const error = await expectKind(fetchArxivPaper("2312.00752", options()), "unavailable");
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/HTTP 503.*retry after 7 s/);
  });

  it("503 with Retry-After as an HTTP date", async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    server.enqueue({ status: 503, headers: { "retry-after": at }, body: "" });
    const error = await expectKind(fetchArxivPaper("2312.00752", options()), "unavailable");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(115);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
  });

  it("429 and 500 without Retry-After are unavailable", async () => {
    server.enqueue({ status: 429, body: "" }, { status: 500, body: "" });
    const limited = await expectKind(fetchArxivPaper("2312.00752", options()), "unavailable");
    expect(limited.retryAfterSeconds).toBeUndefined();
    await expectKind(fetchArxivPaper("2312.00752", options()), "unavailable");
  });

  it("a server that never answers is a timeout", async () => {
    server.enqueue({ hang: "before-headers" });
    const started = Date.now();
    const error = await expectKind(fetchArxivPaper("2312.00752", options({ timeoutMs: 150 })), "timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.message).toContain("150 ms");
  });

  it("a body that stalls half way is a timeout too", async () => {
    server.enqueue({ hang: "mid-body", file: "id-2312.00752-mamba.xml" });
    await expectKind(fetchArxivPaper("2312.00752", options({ timeoutMs: 150 })), "timeout");
  });

  it("a refused connection is unavailable", async () => {
    const gone = await startArxivFixtureServer();
    await gone.close();
    await expectKind(fetchArxivPaper("2312.00752", { baseUrl: gone.baseUrl, timeoutMs: 2_000 }), "unavailable");
  });
});

describe("searchArxivCategory", () => {
  it("asks for the newest papers of a category and reads totalResults", async () => {
    const page = await searchArxivCategory("cs.LG", { ...options(), start: 0, maxResults: 3 });
    const request = server.requests[0]!;
    expect(Object.fromEntries(request.searchParams)).toEqual({
      search_query: "cat:cs.LG",
      sortBy: "submittedDate",
      sortOrder: "descending",
      start: "0",
      max_results: "3",
    });
    expect(page.totalResults).toBe(231402);
    expect(page.start).toBe(0);
    expect(page.papers.map((paper) => [paper.arxivId, paper.publishedOn])).toEqual([
      ["2502.07445", "2025-02-11"],
      ["2502.05795", "2025-02-09"],
      ["2502.03793", "2025-02-06"],
    ]);
    // Cross-listed papers keep their own primary category first.
    expect(page.papers[0]!.categories).toEqual(["cs.CL", "cs.AI", "cs.LG"]);
    expect(page.papers[2]!.authors).toEqual(["Benjamin Clavié", "Nathan Cooper", "Benjamin Warner"]);
  });

  it("passes paging through", async () => {
    await searchArxivCategory("cs.LG", { ...options(), start: 100, maxResults: 50 });
    expect(server.requests[0]!.searchParams.get("start")).toBe("100");
    expect(server.requests[0]!.searchParams.get("max_results")).toBe("50");
  });

  it("an empty category is an empty page", async () => {
    await expect(searchArxivCategory("math.GT", options())).resolves.toEqual({ papers: [], totalResults: 0, start: 0 });
  });

  it("never splices anything but a category name into the query", async () => {
    for (const category of ["cs.LG OR all:x", "cs.LG&max_results=5", "", "cat:cs.LG"]) {
      await expectKind(searchArxivCategory(category, options()), "invalid_id");
    }
    await expect(searchArxivCategory("cs.LG", { ...options(), maxResults: 0 })).rejects.toThrow(RangeError);
    await expect(searchArxivCategory("cs.LG", { ...options(), start: 29_990, maxResults: 20 })).rejects.toThrow(
      RangeError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("arXiv's error entry on a search is reported, not taken for an empty page", async () => {
    server.enqueue({ file: "error-invalid-id.xml" });
    const error = await expectKind(searchArxivCategory("cs.LG", options()), "invalid_id");
    expect(error.message).toContain("incorrect id format");
  });
});

describe("withArxivRetries", () => {
  function recorder() {
    const sleeps: number[] = [];
    return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
  }

  it("retries a 503 over HTTP after the Retry-After arXiv asked for", async () => {
    server.enqueue({ status: 503, headers: { "retry-after": "2" }, body: "" });
    const { sleeps, sleep } = recorder();
    const paper = await withArxivRetries(() => fetchArxivPaper("2312.00752", options()), {
      retries: 2,
      baseDelayMs: 100,
      sleep,
    });
    expect(paper).toEqual(MAMBA);
    expect(sleeps).toEqual([2_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a timeout over HTTP", async () => {
    server.enqueue({ hang: "before-headers" });
    const { sleeps, sleep } = recorder();
    const paper = await withArxivRetries(() => fetchArxivPaper("2312.00752", options({ timeoutMs: 150 })), {
      retries: 1,
      baseDelayMs: 10,
      sleep,
    });
    expect(paper.arxivId).toBe("2312.00752");
    expect(sleeps).toEqual([10]);
  });

  it("backs off exponentially, and never sooner than Retry-After", async () => {
    const failures = [
      new ArxivError("unavailable", "503"),
      new ArxivError("timeout", "slow"),
      new ArxivError("unavailable", "503", { retryAfterSeconds: 1 }),
      new ArxivError("unavailable", "503"),
    ];
    const { sleeps, sleep } = recorder();
    const attempts: number[] = [];
    const result = await withArxivRetries(
      async (attempt) => {
        attempts.push(attempt);
        const failure = failures[attempt];
        if (failure) throw failure;
        return "ok";
      },
      { retries: 4, baseDelayMs: 100, sleep },
    );
    expect(result).toBe("ok");
    expect(attempts).toEqual([0, 1, 2, 3, 4]);
    expect(sleeps).toEqual([100, 200, 1_000, 800]);
  });

  it("caps the back-off at maxDelayMs", async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    await withArxivRetries(
      async () => {
        if (++calls < 4) throw new ArxivError("unavailable", "503");
        return calls;
      },
      { retries: 5, baseDelayMs: 1_000, maxDelayMs: 2_500, sleep },
    );
    expect(sleeps).toEqual([1_000, 2_000, 2_500]);
  });

  it("gives up after the last retry with the last error", async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    const error = await arxivFailure(
      withArxivRetries(
        async () => {
          calls++;
          throw new ArxivError("unavailable", `attempt ${calls}`);
        },
        { retries: 2, baseDelayMs: 10, sleep },
      ),
    );
    expect(calls).toBe(3);
    expect(error.message).toBe("attempt 3");
    expect(sleeps).toEqual([10, 20]);
  });

  it("does not retry failures that will not go away", async () => {
    for (const failure of [
      new ArxivError("not_found", "no such paper"),
      new ArxivError("invalid_id", "bad id"),
      new ArxivError("malformed", "bad XML"),
      new TypeError("a bug"),
    ]) {
      const { sleeps, sleep } = recorder();
      let calls = 0;
      await expect(
        withArxivRetries(
          async () => {
            calls++;
            throw failure;
          },
          { retries: 3, baseDelayMs: 10, sleep },
        ),
      ).rejects.toBe(failure);
      expect(calls).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("gives up at once when Retry-After is longer than it will wait", async () => {
    const { sleeps, sleep } = recorder();
    const failure = new ArxivError("unavailable", "503", { retryAfterSeconds: 3_600 });
    await expect(
      withArxivRetries(
        async () => {
          throw failure;
        },
        { retries: 3, baseDelayMs: 10, maxDelayMs: 60_000, sleep },
      ),
    ).rejects.toBe(failure);
    expect(sleeps).toEqual([]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-10-06T12:00:00Z");

  it.each([
    ["120", 120],
    [" 0 ", 0],
    ["Mon, 06 Oct 2025 12:01:30 GMT", 90],
    ["Mon, 06 Oct 2025 11:59:00 GMT", 0],
  ])("reads %j", (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([null, "", "soon", "-5", "1.5"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
