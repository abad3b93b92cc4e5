// Model answers in the shape LEARNINGS_SCHEMA asks for, for scripting the test servers and the stub codex.
export interface AnswerItem {
  kind: string;
  text: string;
  turn?: number;
  evidence?: 'user' | 'assistant' | 'tool';
  subject_type?: string | null;
  subject_name?: string | null;
  confidence?: number;
  reversed_what?: string | null;
  reversed_reason?: string | null;
  replaced_by?: string | null;
  ref_type?: string | null;
  ref_id?: string | null;
  existing_id?: string | null;
  existing_relation?: string | null;
  choice?: string | null;
}

export function answerJson(items: AnswerItem[], title = 'Test session', summary = 'What the session did.'): string {
  return JSON.stringify({
    title,
    summary,
    items: items.map((i) => ({
      turn: 1,
      evidence: 'user',
      subject_type: null,
      subject_name: null,
      confidence: 0.8,
      reversed_what: null,
      reversed_reason: null,
      replaced_by: null,
      ref_type: null,
      ref_id: null,
      existing_id: null,
      existing_relation: null,
      choice: null,
      ...i,
    })),
  });
}
