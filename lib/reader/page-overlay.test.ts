import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { readerOf } from "./page-overlay";

const database = withTestDatabase();
const run = (query: ReturnType<typeof sql>) => database.db().execute(query);

/**
 * The reader overlay's one query (drizzle/0023_reader_page_marks.sql through readerOf): the
 * header's reader and exactly their marks among a page's controls, nobody else's, and no
 * reader at all where the overlay must give way to Next.
 */
describe("readerOf, the reader overlay's query", () => {
  const controls = {
    papers: ["2401.00001", "2401.00002", "2401.00003"],
    follows: ["author:Ada Lovelace", 'author:Émilie du Châtelet, "Marquise"', "category:cs.LG", "paper:2401.00001"],
  };

  beforeAll(async () => {
    await run(sql`insert into users (id, github_login, name, image, email, unverified_email, role, banned_at) values
      ('ann', 'ann', 'Ann', 'https://avatars.example/ann.png', null, 'Ann@Example.org', 'user', null),
      ('bob', 'bob', null, null, null, null, 'user', null),
      ('mod', 'mod', 'Mod', null, null, null, 'moderator', null),
      ('ban', 'ban', 'Ban', null, null, null, 'user', now()),
      ('hid', 'hid', 'Hid', null, null, null, 'user', null)`);
    await run(sql`insert into sessions (session_token, user_id, expires) values
      ('t-ann', 'ann', now() + interval '29 days'), ('t-bob', 'bob', now() + interval '29 days'),
      ('t-mod', 'mod', now() + interval '29 days'), ('t-ban', 'ban', now() + interval '29 days'),
      ('t-hid', 'hid', now() + interval '29 days'), ('t-old', 'ann', now() - interval '1 second')`);
    await run(sql`insert into papers (arxiv_id, title, published_on) values
      ('2401.00001', 'One', '2024-01-01'), ('2401.00002', 'Two', '2024-01-02'),
      ('2401.00003', 'Three', '2024-01-03'), ('2401.00004', 'Four', '2024-01-04')`);
    // Ann upvoted One and Four (not on the page), saved Two, follows two of the page's
    // authors, its category, One's discussion, and someone who is not on it; Bob upvoted Three.
    await run(sql`insert into votes (user_id, paper_id, created_at)
      select u, p.id, now() from (values ('ann', '2401.00001'), ('ann', '2401.00004'), ('bob', '2401.00003')) v(u, a)
      join papers p on p.arxiv_id = v.a`);
    await run(
      sql`insert into saved_papers (user_id, paper_id) select 'ann', id from papers where arxiv_id = '2401.00002'`,
    );
    await run(sql`insert into author_follows (user_id, author_name) values
      ('ann', 'Ada Lovelace'), ('ann', 'Émilie du Châtelet, "Marquise"'), ('ann', 'Grace Hopper')`);
    await run(sql`insert into category_follows (user_id, category) values ('ann', 'cs.LG'), ('bob', 'cs.CL')`);
    await run(
      sql`insert into paper_follows (user_id, paper_id) select 'ann', id from papers where arxiv_id = '2401.00001'`,
    );
    await run(sql`insert into notifications (user_id, kind) values ('ann', 'reply'), ('ann', 'reply')`);
    await run(sql`insert into reader_preferences (user_id, hide_seen) values ('hid', true), ('bob', false)`);
  });

  it("reads the header's reader and exactly their marks among the page's controls", async () => {
    const ann = await readerOf("t-ann", null, controls);
    expect(ann?.reader).toEqual({
      id: "ann",
      login: "ann",
      name: "Ann",
      image: "https://avatars.example/ann.png",
      email: "ann@example.org",
      unread: 2,
    });
    expect(ann?.marks).toEqual({
      upvoted: new Set(["2401.00001"]),
      saved: new Set(["2401.00002"]),
      following: new Set([
        "author:Ada Lovelace",
        'author:Émilie du Châtelet, "Marquise"',
        "category:cs.LG",
        "paper:2401.00001",
      ]),
      involved: false,
    });
    expect(ann?.paperId).toBeNull();
    const bob = await readerOf("t-bob", null, controls);
    expect(bob?.reader).toEqual({ id: "bob", login: "bob", name: null, image: null, email: null, unread: 0 });
    expect(bob?.marks).toEqual({
      upvoted: new Set(["2401.00003"]),
      saved: new Set(),
      following: new Set(),
      involved: false,
    });
    // The same reader on a page with no controls has no marks.
    expect((await readerOf("t-ann", null, { papers: [], follows: [] }))?.marks.upvoted.size).toBe(0);
  });

  it("on a paper page: its id, whether the reader opened it before, and whether its thread holds their comments or comment votes", async () => {
    const paperControls = { papers: ["2401.00003"], follows: ["paper:2401.00003"] };
    const first = await readerOf("t-bob", "2401.00003", paperControls);
    const [{ id }] = (await run(sql`select id from papers where arxiv_id = '2401.00003'`)) as unknown as [
      { id: number },
    ];
    expect(first).toMatchObject({ paperId: id, opened: false, marks: { involved: false } });
    await run(sql`insert into paper_opens (user_id, paper_id, opened_at) values ('bob', ${id}, now())`);
    expect(await readerOf("t-bob", "2401.00003", paperControls)).toMatchObject({ opened: true });
    // Ann's comment on it, voted on by Bob: both are involved now, and each only on this paper.
    await run(sql`insert into comments (paper_id, author_id, body) values (${id}, 'ann', 'Mine')`);
    expect((await readerOf("t-ann", "2401.00003", paperControls))?.marks.involved).toBe(true);
    expect((await readerOf("t-bob", "2401.00003", paperControls))?.marks.involved).toBe(false);
    await run(
      sql`insert into comment_votes (comment_id, user_id) select id, 'bob' from comments where author_id = 'ann'`,
    );
    expect((await readerOf("t-bob", "2401.00003", paperControls))?.marks.involved).toBe(true);
    expect((await readerOf("t-bob", "2401.00002", { papers: ["2401.00002"], follows: [] }))?.marks.involved).toBe(
      false,
    );
    // A made-up paper id: no paper, nothing opened.
    expect(await readerOf("t-bob", "2499.99999", paperControls)).toMatchObject({ paperId: null, opened: false });
  });

  it("no reader for an unknown or expired session, nor for readers the overlay does not write for", async () => {
    for (const token of ["t-none", "t-old", "t-mod", "t-ban", "t-hid"]) {
      expect(await readerOf(token, null, controls), token).toBeNull();
    }
  });
});
