import http from "node:http";
import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { makeApiToken, makeSessions } from "./sessions";

/**
 * Request bodies are read after authentication and only up to a per-route cap (issue #14).
 * "Not read" is shown by behaviour, not by timing: the server answers while the client has
 * sent only the start of a body it announced (or streams) as far larger.
 */

const PAPER = "2409.13648";

/** Sends the headers and `sent` bytes of a body, never the rest; resolves with the status. */
function answerBeforeWholeBody(
  method: string,
  path: string,
  headers: Record<string, string>,
  options: { declaredLength?: number; sent: number },
): Promise<{ status: number; body: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    const request = http.request(`${e2e.baseUrl}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...headers,
        ...(options.declaredLength !== undefined ? { "content-length": String(options.declaredLength) } : {}),
      },
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body, sentBytes });
        request.destroy();
      });
    });
    request.on("error", reject);
    // The start of a JSON object whose string never ends: only a cap or a refusal answers it.
    const chunk = Buffer.from(`{"upvoted":true,"pad":"${"x".repeat(1024)}`);
    let left = options.sent;
    const writeSome = () => {
      if (left <= 0) return; // The rest is never sent: the request stays open.
      const piece = chunk.subarray(0, Math.min(chunk.length, left));
      left -= piece.length;
      sentBytes += piece.length;
      request.write(piece, () => setTimeout(writeSome, 5));
    };
    writeSome();
  });
}

test.describe("request bodies", () => {
  test("an anonymous 20 MB vote is refused with 401 before its body is read", async () => {
    const answer = await answerBeforeWholeBody(
      "PUT",
      `/api/papers/${PAPER}/vote`,
      {},
      { declaredLength: 20 * 1024 * 1024, sent: 64 * 1024 },
    );
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.any(String) });
    expect(answer.sentBytes).toBeLessThan(20 * 1024 * 1024);
  });

  test("a signed-in vote over 1 KB is a 413, by Content-Length or while streaming", async ({ request }) => {
    const [caller] = await makeSessions("body-cap", 1);
    const token = await makeApiToken(caller!.userId);
    const auth = { authorization: `Bearer ${token}` };

    const declared = await request.put(`/api/papers/${PAPER}/vote`, {
      headers: { ...auth, "content-type": "application/json" },
      data: JSON.stringify({ upvoted: true, pad: "x".repeat(2048) }),
    });
    expect(declared.status()).toBe(413);
    expect(await declared.json()).toEqual({
      error: "The request body is too large: at most 1 KB here.",
      field: "body",
    });

    // Chunked, with no Content-Length: the cap is found while reading, and the server answers
    // though the body never ends.
    const streamed = await answerBeforeWholeBody(
      "PUT",
      `/api/papers/${PAPER}/vote`,
      { ...auth, "transfer-encoding": "chunked" },
      { sent: 8 * 1024 },
    );
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ field: "body" });

    // Within the cap, the vote counts.
    const vote = await request.put(`/api/papers/${PAPER}/vote`, { headers: auth, data: { upvoted: true } });
    expect(vote.status()).toBe(200);
  });

  test("a comment past its length plus margin is a 413; invalid UTF-8 is a 400", async ({ request }) => {
    const [caller] = await makeSessions("comment-cap", 1);
    const token = await makeApiToken(caller!.userId);
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const huge = await request.post(`/api/papers/${PAPER}/comments`, {
      headers: auth,
      data: JSON.stringify({ body: "\\u00e9".repeat(12_000) }),
    });
    expect(huge.status()).toBe(413);
    expect((await huge.json()).field).toBe("body");

    const invalid = await request.post(`/api/papers/${PAPER}/comments`, {
      headers: auth,
      data: Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toMatchObject({ field: "body" });

    const issueInput = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";
    const overBudget = await request.post(`/api/papers/${PAPER}/comments`, {
      headers: auth,
      data: { body: issueInput },
    });
    expect(overBudget.status()).toBe(400);
    expect(await overBudget.json()).toEqual({
      error: "body: a formula may be at most 1,000 characters long",
      field: "body",
    });
  });
});
