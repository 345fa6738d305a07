import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="font-serif text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        There is no page here. If you followed a link to a paper, its arXiv id may be mistyped or the paper not yet on
        Paperboard.
      </p>
      <p className="mt-4">
        <Link href="/" className="text-accent hover:underline dark:text-accent-dark">
          Back to the trending papers
        </Link>
      </p>
    </div>
  );
}
