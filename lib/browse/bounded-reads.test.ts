import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { getSql } from "@/db/client";
import { withTestDatabase } from "@/testing/with-test-database";
import { getCommentTree } from "@/lib/discussion/comments";
import { countAuthorFollowers, getFollowingFeed } from "@/lib/reader/follows";
import { getSavedArxivIds, getSeenFilter, listSavedPapers } from "@/lib/reader/reading-list";
import { testViewer } from "@/testing/viewers";
import { getFeed, listFeedCategories, parseFeedQuery } from "@/lib/browse/feeds";
import { getPaper } from "@/lib/papers/papers";
import { fullTextCandidates, parseSearchQuery, searchPapers } from "@/lib/browse/search";
import { getStoredSocialImage } from "@/lib/papers/social-images";
import { getBestTrendingRank, getVoteHistory } from "@/lib/ranking/trending";
import { getProfile, listSubmittedPapers, listUpvotedPapers, listUserComments } from "@/lib/identity/users";
import { listVoters } from "@/lib/ranking/votes";

/**
 * Issue #22: every read a page makes is bounded by what it shows. This runs the app's own
 * read functions against a database large enough that the planner prefers indexes, captures
 * every statement they send (postgres.js's debug hook: the exact SQL and parameters), and
 * replays each under EXPLAIN (ANALYZE): a sequential scan of a large table fails the test,
 * and so does reading more of the most-voted paper's votes than a page shows.
 */

const database = withTestDatabase();

const PAPERS = 30_000;
const USERS = 20_000;
/** The most-voted paper's votes: enough that scanning them would show in any plan. */
const TOP_VOTES = 15_000;
const GUARDED_TABLES = new Set(["votes", "papers", "paper_authors", "comments"]);
const now = new Date();

/**
 * At most this many vote rows per read: the voter list shows 100, a profile 50. The
 * most-voted paper has TOP_VOTES, so reading them all (a history or a sort over them) fails.
 */
const VOTE_ROWS_READ_LIMIT = 200;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

/** Rows the plan's scans actually returned from `table`, over all loops. */
function rowsReadFrom(node: PlanNode, table: string): number {
  const own = node["Relation Name"] === table ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFrom(child, table), 0);
}

function sequentialScans(node: PlanNode): string[] {
  const own =
    node["Node Type"] === "Seq Scan" && node["Relation Name"] && GUARDED_TABLES.has(node["Relation Name"])
      ? [node["Relation Name"]]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(sequentialScans)];
}

interface Captured {
  query: string;
  parameters: unknown[];
}

/** Runs `read` and returns every statement it sent, in order, with its parameters. */
async function capture(read: () => Promise<unknown>): Promise<Captured[]> {
  const options = getSql().options as unknown as { debug: unknown };
  const statements: Captured[] = [];
  options.debug = (_connection: number, query: string, parameters: unknown[]) => {
    statements.push({ query, parameters });
  };
  try {
    await read();
  } finally {
    options.debug = false;
  }
  return statements;
}

/**
 * The statements in the units the app ran them in: each transaction (begin … commit) as one
 * unit, each statement outside a transaction alone, so that settings made with
 * set_config(…, true) apply to the replay exactly where they applied to the app.
 */
function transactionUnits(statements: Captured[]): Captured[][] {
  const units: Captured[][] = [];
  let open: Captured[] | null = null;
  for (const statement of statements) {
    const text = statement.query.trim().toLowerCase();
    if (text.startsWith("begin")) open = [];
    else if (text.startsWith("commit") || text.startsWith("rollback")) {
      if (open) units.push(open);
      open = null;
    } else if (open) open.push(statement);
    else units.push([statement]);
  }
  return units;
}

const isSetting = (query: string) => /^\s*select\s+set_config\(/i.test(query);
const isRead = (query: string) => /^[\s(]*(select|with)\b/i.test(query);

interface Replay {
  statements: number;
  scans: { query: string; tables: string[] }[];
  /** The most vote rows any one statement read. */
  voteRows: number;
}

/**
 * Replays each statement `read` sent: settings as they are, reads under EXPLAIN (ANALYZE,
 * FORMAT JSON). Returns how many reads there were, the plans' sequential scans of guarded
 * tables, and the most vote rows one of them read.
 */
async function scansOf(read: () => Promise<unknown>): Promise<Replay> {
  const units = transactionUnits(await capture(read));
  const scans: { query: string; tables: string[] }[] = [];
  let statements = 0;
  let voteRows = 0;
  for (const unit of units) {
    await getSql().begin(async (tx) => {
      for (const statement of unit) {
        const parameters = statement.parameters as never[];
        if (isSetting(statement.query)) await tx.unsafe(statement.query, parameters);
        else if (isRead(statement.query)) {
          statements++;
          const [row] = await tx.unsafe(`explain (analyze, format json) ${statement.query}`, parameters);
          const plan = (row as unknown as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]!.Plan;
          voteRows = Math.max(voteRows, rowsReadFrom(plan, "votes"));
          const tables = sequentialScans(plan);
          if (tables.length > 0) scans.push({ query: statement.query, tables });
        }
      }
    });
  }
  return { statements, scans, voteRows };
}

let topPaper = { id: 0, arxivId: "", addedAt: new Date() };
let profileUser = { id: "", login: "" };

describe("reads bounded by what they show (EXPLAIN on a large database)", () => {
  beforeAll(async () => {
    const db = database.db();
    // Set-based generation: a second or so for each table.
    await db.execute(sql`
      insert into users (id, name, github_login, created_at)
      select 'u' || n, 'User ' || n, 'user' || n, now() - make_interval(days => 1 + n % 700)
      from generate_series(1, ${USERS}) as n`);
    const words = [
      "learning",
      "neural",
      "graph",
      "attention",
      "diffusion",
      "sparse",
      "bayesian",
      "quantum",
      "robust",
      "transformer",
      "causal",
      "kernel",
      "spectral",
      "variational",
    ];
    const authorName = (paper: SQL, position: SQL) =>
      sql`(array['Ada', 'Alan', 'Grace', 'Emmy', 'Kurt', 'Lise'])[1 + (${paper} + ${position}) % 6] || ' '
        || (array['Lovelace', 'Turing', 'Hopper', 'Noether', 'Godel', 'Meitner', 'Shannon'])[1 + (${paper} * 3 + ${position}) % 7] || ${paper} % 97`;
    // Counters and authors_text are written with the rows (the trigger and a recount would
    // rewrite every paper, and each rewrite touches three GIN indexes); the counters are
    // plausible rather than exact, which no plan depends on.
    await db.execute(sql`
      insert into papers (id, arxiv_id, title, abstract, categories, added_at, submitted_by_id, published_on, upvotes, authors_text)
      select n,
             '24' || lpad((1 + n / 10000)::text, 2, '0') || '.' || lpad((n % 10000)::text, 5, '0'),
             initcap(w[1 + n % 14]) || ' ' || w[1 + (n / 14) % 14] || ' for ' || w[1 + (n / 196) % 14] || ' ' || w[1 + (n / 2744) % 14],
             'We study ' || w[1 + (n / 3) % 14] || ' ' || w[1 + (n / 5) % 14] || ' and ' || w[1 + (n / 11) % 14] || ' models.',
             array[case when n % 2 = 0 then 'cs.LG' else 'cs.CL' end],
             now() - make_interval(secs => (${PAPERS} - n) * 200),
             case when n % 10 = 0 then 'u' || (1 + n % ${USERS}) end,
             (now() - make_interval(secs => (${PAPERS} - n) * 200))::date,
             case when n = 1 then ${TOP_VOTES} else n % 7 end,
             (select string_agg(${authorName(sql`n`, sql`g`)}, ' ' order by g) from generate_series(0, n % 3) as g)
      from generate_series(1, ${PAPERS}) as n, (select string_to_array(${words.join(" ")}, ' ') as w) as words`);
    await db.execute(sql`update papers set title = 'Attention Is All You Need' where id = 4242`);
    await db.execute(sql`select setval(pg_get_serial_sequence('papers', 'id'), ${PAPERS})`);
    await db.execute(sql`alter table paper_authors disable trigger paper_authors_refresh_authors_text`);
    await db.execute(sql`
      insert into paper_authors (paper_id, position, name)
      select p, g, ${authorName(sql`p`, sql`g`)}
      from generate_series(1, ${PAPERS}) as p, generate_series(0, p % 3) as g`);
    await db.execute(sql`alter table paper_authors enable trigger paper_authors_refresh_authors_text`);
    // The top paper: TOP_VOTES votes over 60 days; every user also votes two other papers.
    await db.execute(sql`
      insert into votes (user_id, paper_id, created_at, weight)
      select 'u' || n, 1, now() - make_interval(mins => n * 5), 1 from generate_series(1, ${TOP_VOTES}) as n`);
    await db.execute(sql`
      insert into votes (user_id, paper_id, created_at, weight)
      select 'u' || n, 2 + (n * 7919 + k * 104729) % (${PAPERS} - 1), now() - make_interval(mins => (n * k) % 86400), 1
      from generate_series(1, ${USERS}) as n, generate_series(1, 2) as k
      on conflict do nothing`);
    await db.execute(sql`
      insert into vote_buckets (paper_id, hour, votes, weight)
      select paper_id, date_trunc('hour', created_at), count(*)::int, sum(weight)::real from votes group by 1, 2`);
    await db.execute(sql`
      insert into comments (paper_id, author_id, body, created_at)
      select 1 + (n * 31) % ${PAPERS}, 'u' || (1 + n % 500), 'Comment ' || n, now() - make_interval(mins => n)
      from generate_series(1, 20000) as n`);
    await db.execute(sql`
      insert into trending_snapshots (date, rank, paper_id, score, votes_24h)
      select (current_date - d), r, 1 + (r * 13 + d) % ${PAPERS}, 100 - r, 10 from generate_series(1, 60) as d, generate_series(1, 100) as r`);
    // The Following feed's heavy reader (issue #18): 500 authors and 20 categories, one of
    // them cs.LG, which half the papers are in; a reading list of 300 papers, hide-seen on.
    await db.execute(sql`
      insert into author_follows (user_id, author_name)
      select 'u5', name from (select distinct name from paper_authors order by name limit 500) as names`);
    await db.execute(sql`
      insert into category_follows (user_id, category)
      select 'u5', c from unnest(array['cs.LG', 'cs.AI', 'cs.CV', 'cs.IR', 'cs.DL', 'cs.NE', 'cs.RO', 'cs.SD', 'cs.SE', 'cs.SI',
        'stat.ML', 'math.OC', 'math.ST', 'eess.AS', 'eess.IV', 'eess.SP', 'q-bio.NC', 'physics.data-an', 'econ.EM', 'quant-ph']) as c`);
    await db.execute(
      sql`insert into saved_papers (user_id, paper_id, saved_at) select 'u5', n * 97, now() - make_interval(mins => n) from generate_series(1, 300) as n`,
    );
    await db.execute(
      sql`insert into paper_opens (user_id, paper_id) select 'u5', n * 89 from generate_series(1, 300) as n`,
    );
    await db.execute(sql`insert into reader_preferences (user_id, hide_seen) values ('u5', true)`);
    await db.execute(sql`analyze`);
    const [top] = await db.execute<{ id: number; arxiv_id: string; added_at: string }>(
      sql`select id, arxiv_id, added_at from papers where id = 1`,
    );
    topPaper = { id: top!.id, arxivId: top!.arxiv_id, addedAt: new Date(top!.added_at) };
    const [submitter] = await db.execute<{ id: string; github_login: string }>(
      sql`select u.id, u.github_login from users u where u.id = 'u11'`,
    );
    profileUser = { id: submitter!.id, login: submitter!.github_login };
  }, 60_000);

  afterAll(() => {
    (getSql().options as unknown as { debug: unknown }).debug = false;
  });

  const reads: [string, () => Promise<unknown>][] = [
    ["the paper (most votes)", () => getPaper(topPaper.arxivId)],
    ["its voters", () => listVoters(topPaper.arxivId)],
    ["its vote history", () => getVoteHistory(topPaper.id, topPaper.addedAt, now)],
    ["its best rank", () => getBestTrendingRank(topPaper.id)],
    ["its comments", () => getCommentTree(topPaper.arxivId, "best", null)],
    ["search, hit", () => searchPapers(parseSearchQuery(new URLSearchParams({ q: "attention" })))],
    ["search, typo", () => searchPapers(parseSearchQuery(new URLSearchParams({ q: "atention trasformer" })))],
    ["search, miss", () => searchPapers(parseSearchQuery(new URLSearchParams({ q: "zzzqqq" })))],
    // A word in most papers of a large table walks the newest papers instead of reading its
    // posting list (lib/browse/search-strategy.ts); this table is too small for the cost model to
    // choose it, so the walk is asked for here.
    [
      "search, the newest-papers walk",
      () =>
        fullTextCandidates(parseSearchQuery(new URLSearchParams({ q: "attention" })), "attention", {
          kind: "newest",
          window: 2_000,
        }),
    ],
    ["/new", () => getFeed(parseFeedQuery(new URLSearchParams({ feed: "new", limit: "50" })))],
    ["categories of the trending feed", () => listFeedCategories({ feed: "trending" }, now)],
    [
      "categories of a day's papers",
      () => listFeedCategories({ feed: "daily", period: now.toISOString().slice(0, 10) }, now),
    ],
    [
      "categories of a snapshot",
      () => listFeedCategories({ feed: "snapshot", period: now.toISOString().slice(0, 10) }, now),
    ],
    ["profile", () => getProfile(profileUser.login)],
    ["profile: upvoted", () => listUpvotedPapers(profileUser.id)],
    ["profile: submitted", () => listSubmittedPapers(profileUser.id)],
    ["profile: comments", () => listUserComments(profileUser.id)],
    ["social image lookup", () => getStoredSocialImage(topPaper.id)],
    [
      "the Following feed (500 authors, 20 categories)",
      () => getFollowingFeed(testViewer("u5"), { limit: 30, offset: 0 }),
    ],
    ["the Following feed, page 4", () => getFollowingFeed(testViewer("u5"), { limit: 30, offset: 90 })],
    ["an author's follower count", () => countAuthorFollowers("Ada Turing1")],
    ["the reading list", () => listSavedPapers(testViewer("u5"), { limit: 50, offset: 0 })],
    [
      "a feed page's saved marks and hide-seen filter",
      () =>
        Promise.all([
          getSeenFilter(
            "u5",
            Array.from({ length: 30 }, (_, i) => (i + 1) * 89),
          ),
          getSavedArxivIds(
            "u5",
            Array.from(
              { length: 30 },
              (_, i) =>
                `24${String(1 + Math.floor((i * 97) / 10000)).padStart(2, "0")}.${String((i * 97) % 10000).padStart(5, "0")}`,
            ),
          ),
        ]),
    ],
  ];

  it.each(reads)(
    "%s: no sequential scan of votes, papers, paper_authors or comments, and few vote rows",
    async (_name, read) => {
      const { statements, scans, voteRows } = await scansOf(read);
      expect(statements).toBeGreaterThan(0);
      expect(scans).toEqual([]);
      expect(voteRows).toBeLessThanOrEqual(VOTE_ROWS_READ_LIMIT);
    },
  );

  it("detects a sequential scan and a read of a paper's every vote (the checks themselves work)", async () => {
    const { scans } = await scansOf(() => database.db().execute(sql`select count(*) from votes where weight < 2`));
    expect(scans.map((scan) => scan.tables)).toEqual([["votes"]]);
    const { voteRows } = await scansOf(() =>
      database.db().execute(sql`select count(*) from votes where paper_id = ${topPaper.id}`),
    );
    expect(voteRows).toBe(TOP_VOTES);
  });

  it("finds what the searches above look for (so their plans are the ones that answer)", async () => {
    const hit = await searchPapers(parseSearchQuery(new URLSearchParams({ q: "attention" })));
    expect(hit.fuzzy).toBe(false);
    expect(hit.hits).toHaveLength(20);
    const typo = await searchPapers(parseSearchQuery(new URLSearchParams({ q: "atention trasformer" })));
    expect(typo.fuzzy).toBe(true);
    expect(typo.hits.length).toBeGreaterThan(0);
    expect(typo.hits[0]!.title.toLowerCase()).toMatch(/attention.*transformer|transformer.*attention/);
    expect((await searchPapers(parseSearchQuery(new URLSearchParams({ q: "zzzqqq" })))).hits).toEqual([]);
  });

  it("the newest-papers walk finds the newest matches within its window, and reads no more of papers than the window", async () => {
    const query = parseSearchQuery(new URLSearchParams({ q: "attention" }));
    const walked = await fullTextCandidates(query, "attention", { kind: "newest", window: 2_000 });
    const [{ max }] = (await getSql()`select max(id)::int as max from papers`) as unknown as [{ max: number }];
    const expected = (await getSql()`
      select id from papers where search_vector @@ websearch_to_tsquery('english', 'attention') and id > ${max - 2_000}
      order by id desc limit 500`) as unknown as { id: number }[];
    expect(expected.length).toBeGreaterThan(0);
    // The title-prefix candidates come on top of the walk's; the walk's own are the newest matches.
    expect(walked).toEqual(expect.arrayContaining(expected.map((row) => row.id)));
    const { scans } = await scansOf(() => fullTextCandidates(query, "attention", { kind: "newest", window: 2_000 }));
    expect(scans).toEqual([]);
    const statements = transactionUnits(
      await capture(() => fullTextCandidates(query, "attention", { kind: "newest", window: 2_000 })),
    ).flat();
    const walk = statements.find((statement) => /order by "papers"."id" desc limit/.test(statement.query))!;
    const [row] = await getSql().begin(async (tx) => {
      await tx.unsafe("select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)");
      return tx.unsafe(`explain (analyze, format json) ${walk.query}`, walk.parameters as never[]);
    });
    const plan = (row as unknown as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]!.Plan;
    expect(rowsReadFrom(plan, "papers")).toBeLessThanOrEqual(2_000 + 50 + 1);
  });

  it("the heavy reader's Following feed is full, newest first, each paper saying why (so the plan above is the one that answers)", async () => {
    const feed = await getFollowingFeed(testViewer("u5"), { limit: 30, offset: 0 });
    expect(feed.items).toHaveLength(30);
    expect(feed.nextCursor).not.toBeNull();
    const times = feed.items.map((item) => item.addedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(feed.items.every((item) => item.followedAuthors.length + item.followedCategories.length > 0)).toBe(true);
    expect(feed.items.some((item) => item.followedAuthors.length > 0)).toBe(true);
  });

  it("puts the exact title first", async () => {
    const result = await searchPapers(parseSearchQuery(new URLSearchParams({ q: "attention is all you need" })));
    expect(result.hits[0]?.title).toBe("Attention Is All You Need");
  });
});
