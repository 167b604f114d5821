import { COMPETENCIES as RUBRIC_COMPETENCIES } from "../bindings";

/**
 * The rubric's six competencies: their ids (as the store and rubric name them) and labels, in
 * the rubric's order. Generated from the rubric's own vocabulary (`onsite_rubric::Competency`)
 * into the bindings, so this list cannot drift from the engine's.
 */
export const COMPETENCIES: { id: string; name: string }[] = RUBRIC_COMPETENCIES.map((c) => ({
  id: c.id,
  name: c.label,
}));

/** A competency's label; an id this version does not know is shown readably. */
export function competencyName(id: string): string {
  const known = COMPETENCIES.find((c) => c.id === id);
  if (known) return known.name;
  const words = id.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Sorts items with a competency `id` into the rubric's order (unknown ids last). */
export function byCompetency<T extends { id: string }>(items: T[]): T[] {
  const rank = (id: string) => {
    const i = COMPETENCIES.findIndex((c) => c.id === id);
    return i === -1 ? COMPETENCIES.length : i;
  };
  return [...items].sort((a, b) => rank(a.id) - rank(b.id));
}
