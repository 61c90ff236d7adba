/** A topic name, or a glob of one (`*` any run of characters, `?` one), as settings name topics. */
export function topicMatcher(pattern: string): (topic: string) => boolean {
  if (!/[*?]/.test(pattern)) return (topic) => topic === pattern;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (topic) => regex.test(topic);
}
