import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub } from "@/e2e/fake-github";
import { githubUserInfo } from "./github-user";

/** The real OAuth code exchange against the fake GitHub, as Auth.js does it, for a token. */
async function tokenFor(baseUrl: string, login: string): Promise<string> {
  const authorize = await fetch(
    `${baseUrl}/login/oauth/authorize?client_id=client&redirect_uri=${encodeURIComponent("http://localhost/cb")}&state=s&login=${encodeURIComponent(login)}`,
    { redirect: "manual" },
  );
  const code = new URL(authorize.headers.get("location")!).searchParams.get("code")!;
  const exchange = await fetch(`${baseUrl}/login/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ client_id: "client", client_secret: "secret", code }),
  });
  return ((await exchange.json()) as { access_token: string }).access_token;
}

describe("githubUserInfo: the e-mail address we may use without asking", () => {
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let baseUrl: string;
  beforeAll(async () => {
    github = await startFakeGitHub({ port: 0, clientId: "client", clientSecret: "secret" });
    baseUrl = `http://127.0.0.1:${github.port}`;
  });
  afterAll(() => github.close());

  const info = async (login: string) => githubUserInfo(`${baseUrl}/api/v3`, await tokenFor(baseUrl, login));

  it("takes a verified address, public or private", async () => {
    expect(await info("octocat")).toMatchObject({ id: 583231, email: "octocat@example.com", email_verified: true });
    expect(await info("private-pat")).toMatchObject({
      email: "700001+private-pat@users.noreply.example.com",
      email_verified: true,
    });
  });

  it("prefers a verified address over an unverified primary or public one", async () => {
    expect(await info("mixed-max")).toMatchObject({ email: "max@example.com", email_verified: true });
  });

  it("says so when no address is verified", async () => {
    expect(await info("unverified-uma")).toMatchObject({ email: "uma@example.com", email_verified: false });
  });

  it("serves one login on another account id, as after a rename", async () => {
    expect(await info("octocat#4242")).toMatchObject({ id: 4242, login: "octocat" });
  });
});
