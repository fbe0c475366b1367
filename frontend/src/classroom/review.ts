// The teacher's review of a classroom copy, in the notebook app: each comment
// next to its cell, and the grade with the return status in a banner. A
// comment names its cell by the cell's nbformat id, so it follows the cell
// when the student moves it; only comments made on a notebook without ids go
// by position (the server's review.py `place_comments` has the same rule). A
// comment whose cell is gone is listed in the banner, "on a deleted cell",
// never dropped. Every text the teacher wrote goes in as text, never markup.
import { language, t } from "../i18n";

/** A comment as `GET /api/copies/{id}` gives it. */
export interface ReviewComment {
  id: number;
  cell_id: string | null;
  cell_index: number;
  author: string;
  created_at: string;
  body: string;
}

/** The review: for the teacher always, for the student once the copy is returned. */
export interface Review {
  returned: boolean;
  returned_at: string | null;
  grade: string | null;
  grade_comment: string | null;
  comments: ReviewComment[];
}

export interface Placed {
  byIndex: Map<number, ReviewComment[]>;
  deleted: ReviewComment[];
}

/** Where each comment shows among cells whose ids are `ids`, in order. */
export function placeComments(comments: readonly ReviewComment[], ids: readonly (string | null | undefined)[]): Placed {
  const indexOf = new Map<string, number>();
  ids.forEach((id, index) => {
    if (id) indexOf.set(id, index);
  });
  const placed: Placed = { byIndex: new Map(), deleted: [] };
  for (const comment of comments) {
    const index =
      comment.cell_id && indexOf.size
        ? indexOf.get(comment.cell_id)
        : comment.cell_index >= 0 && comment.cell_index < ids.length
          ? comment.cell_index
          : undefined;
    if (index === undefined) placed.deleted.push(comment);
    else placed.byIndex.set(index, [...(placed.byIndex.get(index) ?? []), comment]);
  }
  return placed;
}

function day(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(language(), { dateStyle: "medium" });
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const element = document.createElement("p");
  element.className = className;
  element.textContent = text;
  return element;
}

/**
 * One comment, a note reachable with Tab whose name says what it is about
 * ("Teacher's comment on cell 3"); its text follows, with author and date.
 */
export function commentNote(comment: ReviewComment, cellNumber: number | null): HTMLElement {
  const note = document.createElement("div");
  note.className = "review-comment";
  note.id = `review-comment-${comment.id}`;
  note.setAttribute("role", "note");
  note.tabIndex = 0;
  note.setAttribute(
    "aria-label",
    cellNumber === null ? t("review.comment.deletedCell") : t("review.comment.onCell", { n: cellNumber }),
  );
  const meta = paragraph("review-comment-meta", t("review.comment.by", { author: comment.author, date: day(comment.created_at) }));
  note.append(meta, paragraph("review-comment-body", comment.body));
  return note;
}

/** The comments of one cell, to put inside the cell's element. */
export function cellComments(comments: readonly ReviewComment[], cellNumber: number): HTMLElement {
  const block = document.createElement("div");
  block.className = "review-comments";
  // The cell's description: said with the cell's name when it gets the focus.
  const summary = document.createElement("span");
  summary.className = "announcer";
  summary.id = `review-comments-${comments[0]!.id}`;
  summary.textContent = t("review.cell.comments", { count: comments.length });
  block.append(summary, ...comments.map((comment) => commentNote(comment, cellNumber)));
  return block;
}

/**
 * The banner at the top of the copy: returned or not, the grade and the
 * comment on the whole copy, how many comments are on cells, and those whose
 * cell was deleted. `forTeacher` words the status for the teacher.
 */
export function reviewBanner(review: Review, forTeacher: boolean): { element: HTMLElement; update(placed: Placed): void } {
  const banner = document.createElement("section");
  banner.className = "review-banner";
  banner.setAttribute("aria-labelledby", "review-banner-title");
  const title = document.createElement("h2");
  title.id = "review-banner-title";
  title.textContent = t(forTeacher ? "review.title.teacher" : "review.title");
  const status = paragraph(
    "review-status",
    review.returned
      ? review.returned_at
        ? t("review.returnedOn", { date: day(review.returned_at) })
        : t("review.returned")
      : t("review.notReturned"),
  );
  banner.append(title, status);
  if (review.grade) {
    const grade = paragraph("review-grade", "");
    const label = document.createElement("span");
    label.textContent = t("review.grade");
    const value = document.createElement("strong");
    value.textContent = review.grade;
    grade.append(label, " ", value);
    banner.append(grade);
  }
  if (review.grade_comment) banner.append(paragraph("review-grade-comment", review.grade_comment));
  if (review.comments.length) banner.append(paragraph("review-count", t("review.count", { count: review.comments.length })));
  // A way to each comment from the top: in the notebook, the cells' editors keep Tab for indenting.
  const jumps = document.createElement("ul");
  jumps.className = "review-jumps";
  const deleted = document.createElement("div");
  deleted.className = "review-deleted";
  const update = (placed: Placed) => {
    const buttons: HTMLElement[] = [];
    for (const [index, comments] of [...placed.byIndex].sort(([a], [b]) => a - b)) {
      for (const comment of comments) {
        const item = document.createElement("li");
        const go = document.createElement("button");
        go.type = "button";
        go.textContent = t("review.goTo", { n: index + 1 });
        go.addEventListener("click", () => {
          const note = document.getElementById(`review-comment-${comment.id}`);
          note?.scrollIntoView({ block: "nearest" });
          note?.focus();
        });
        item.append(go);
        buttons.push(item);
      }
    }
    jumps.replaceChildren(...buttons);
    jumps.hidden = !buttons.length;
    if (!placed.deleted.length) return deleted.replaceChildren();
    const heading = document.createElement("h3");
    heading.textContent = t("review.deletedCells");
    deleted.replaceChildren(heading, ...placed.deleted.map((comment) => commentNote(comment, null)));
  };
  banner.append(jumps, deleted);
  return { element: banner, update };
}

/** Puts the comments next to the cells of `cells` (elements and ids, in order); where each went. */
export function attachComments(
  comments: readonly ReviewComment[],
  cells: readonly { element: HTMLElement; id: string | null | undefined }[],
): Placed {
  for (const { element } of cells) {
    element.querySelector(":scope > .review-comments")?.remove();
    const described = element.getAttribute("aria-describedby");
    if (described?.startsWith("review-comments-")) element.removeAttribute("aria-describedby");
  }
  const placed = placeComments(
    comments,
    cells.map((cell) => cell.id),
  );
  for (const [index, list] of placed.byIndex) {
    const cell = cells[index]!;
    const block = cellComments(list, index + 1);
    cell.element.append(block);
    cell.element.setAttribute("aria-describedby", block.firstElementChild!.id);
  }
  return placed;
}
