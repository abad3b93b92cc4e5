// Facts about an OpenAI-compatible endpoint that the distiller and embeddings both need (kept apart from
// either so loading one does not load the other).

/** True for OpenAI's own endpoint, which needs a real key (a local server takes any). */
export function needsRealKey(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname.endsWith('openai.com');
  } catch {
    return false;
  }
}
