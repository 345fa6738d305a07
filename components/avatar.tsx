/* eslint-disable @next/next/no-img-element -- avatars come from GitHub (or GHES) hosts we do not control; next/image would need every host configured. */
export function Avatar({ src, name, size = 24 }: { src: string | null; name: string; size?: number }) {
  const initial = name.trim().charAt(0).toUpperCase() || "?";
  if (!src) {
    return (
      <span
        aria-hidden="true"
        className="inline-flex shrink-0 items-center justify-center rounded-full bg-stone-300 font-semibold text-stone-700 dark:bg-stone-700 dark:text-stone-200"
        style={{ width: size, height: size, fontSize: size * 0.5 }}
      >
        {initial}
      </span>
    );
  }
  return <img src={src} alt="" width={size} height={size} className="shrink-0 rounded-full" loading="lazy" />;
}
