/**
 * Filler chat text. It is the negative half of the DLP benchmark, so it must never contain
 * anything a rule could match: no digit runs longer than two, no '@' or '+', no dashes between
 * digits, no key-like tokens, no assignments that look like credentials. Tests enforce this.
 */
import type { Rng } from './random.js';
import { FIRST_NAMES } from './values.js';

export const TOPICS = ['contracts', 'code', 'spreadsheets', 'tickets', 'travel', 'hr', 'marketing', 'meetings'] as const;
export type Topic = (typeof TOPICS)[number];

export const SLOTS: Record<string, readonly string[]> = {
  company: ['Northwind Traders', 'Globex', 'Initech', 'Umbrella Logistics', 'Stark Components', 'Wayne Foods', 'Acme Retail', 'Hooli Cloud', 'Vandelay Imports', 'Soylent Labs'],
  product: ['the billing service', 'the mobile app', 'the partner portal', 'the data warehouse', 'the onboarding flow', 'the search API', 'the invoicing module', 'the CRM sync'],
  city: ['Berlin', 'Lisbon', 'Chicago', 'Singapore', 'Toronto', 'Madrid', 'Dublin', 'Osaka', 'Austin', 'Zurich'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  lang: ['Python', 'TypeScript', 'Go', 'Java', 'SQL', 'Rust', 'Kotlin'],
  team: ['finance', 'legal', 'support', 'platform', 'sales', 'procurement', 'security', 'data'],
  doc: ['the master services agreement', 'the NDA', 'the vendor questionnaire', 'the renewal quote', 'the statement of work', 'the data processing addendum'],
  quarter: ['Q1', 'Q2', 'Q3', 'Q4'],
};

// Templates are split once into literal and slot parts: filling runs ~10^6 times on big workspaces.
const compiled = new Map<string, readonly string[]>();

export function fill(rng: Rng, template: string): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const slot = parts[i] as string;
    if (slot === 'name') out += rng.pick(FIRST_NAMES);
    else if (slot === 'n') out += String(rng.int(2, 60));
    else if (slot === 'pct') out += `${rng.int(2, 40)} percent`;
    else out += SLOTS[slot] ? rng.pick(SLOTS[slot]) : slot;
    out += parts[i + 1] as string;
  }
  return out;
}

const USER_OPENERS: Record<Topic, readonly string[]> = {
  contracts: ['Can you summarise the termination clause in {doc} with {company}?', 'What does the limitation of liability section in {doc} actually cap?', 'Please redline {doc} so the payment terms are net {n} days instead.', 'Is the auto renewal in {doc} something we can push back on?', 'Draft a short reply to {name} explaining why we need a mutual indemnity.'],
  code: ['Why does this {lang} function return an empty list when the input has duplicates?', 'Can you refactor the retry loop in {product} so it backs off exponentially?', 'I keep getting a timeout from {product} after {n} seconds, where should I look first?', 'Write a unit test for the date parsing helper in {lang}.', 'How do I stream a large file in {lang} without loading it all into memory?'],
  spreadsheets: ['I have a sheet with {n} columns of regional sales, how do I pivot it by quarter?', 'Which formula gives me the running total per customer in this spreadsheet?', 'The {quarter} forecast tab has errors in the growth column, can you explain why?', 'How do I highlight rows where the margin drops below {pct}?', 'Can you turn these notes into a table with owner, status and due date?'],
  tickets: ['A customer from {company} says {product} logged them out twice today, what should I reply?', 'Summarise this support ticket thread for the {team} team.', 'Draft an apology for the outage last {weekday} that affected {product}.', 'How should I triage tickets that mention slow exports?', 'The customer wants a refund for {month}, what is a polite way to say it needs approval?'],
  travel: ['Plan a three day trip to {city} for the {team} offsite in {month}.', 'What is the cheapest way to get from the airport to the city centre in {city}?', 'Can you write my expense note for the {city} conference?', 'Which neighbourhoods in {city} are close to the venue and quiet at night?', 'Help me compare two hotel options for the {month} workshop.'],
  hr: ['Write a job description for a senior analyst on the {team} team.', 'How do I phrase feedback for someone who misses deadlines but does great work?', 'Summarise our parental leave policy in plain language.', 'Draft an onboarding checklist for a new hire starting on {weekday}.', 'What questions should I ask in a second round interview for {lang} engineers?'],
  marketing: ['Give me five subject lines for the {month} newsletter about {product}.', 'Rewrite this landing page paragraph so it sounds less salesy.', 'What metrics should we report for the {quarter} campaign?', 'Turn these bullet points into a short LinkedIn post.', 'Can you suggest a tagline for the {city} customer event?'],
  meetings: ['Turn these meeting notes into action items with owners.', 'Write an agenda for a one hour planning session with {team}.', 'Summarise what we decided about {product} in the call with {name}.', 'Draft a follow up email after the {weekday} sync with {company}.', 'How do I keep the weekly status meeting under half an hour?'],
};

const TITLES: Record<Topic, readonly string[]> = {
  contracts: ['Termination clause summary', 'Redline of {doc}', 'Indemnity pushback for {company}', 'Auto renewal question', 'Payment terms with {company}'],
  code: ['Debugging the {lang} dedupe bug', 'Retry loop refactor', 'Timeouts in {product}', 'Unit tests for date parsing', 'Streaming large files in {lang}'],
  spreadsheets: ['{quarter} forecast errors', 'Pivot by quarter', 'Running totals per customer', 'Margin highlighting rules', 'Notes to table'],
  tickets: ['Reply to {company} about logouts', 'Ticket thread summary', 'Outage apology draft', 'Triage for slow exports', 'Refund wording'],
  travel: ['{city} offsite plan', 'Airport transfer in {city}', 'Expense note for {city}', 'Hotels near the venue', '{month} workshop logistics'],
  hr: ['Job description for {team}', 'Feedback phrasing', 'Parental leave summary', 'Onboarding checklist', 'Interview questions for {lang} engineers'],
  marketing: ['{month} newsletter subject lines', 'Landing page rewrite', '{quarter} campaign metrics', 'LinkedIn post draft', 'Tagline for the {city} event'],
  meetings: ['Action items from notes', 'Planning session agenda', 'Decisions on {product}', 'Follow up with {company}', 'Shorter status meetings'],
};

const USER_FOLLOWUPS = ['Thanks, can you make it shorter?', 'Good, now turn that into bullet points.', 'What about the edge case where the input is empty?', 'Can you make the tone a bit more formal?', 'That works. How would {name} from {team} read this?', 'Perfect, one more question about the second point.', 'Can you double check the numbers in the last paragraph?', 'Could you translate that into plain English for the {team} team?', 'Nice. What would you change if the deadline moved to {month}?', 'Please add a short summary at the top.'];

const ASSISTANT_SENTENCES: Record<Topic, readonly string[]> = {
  contracts: ['The clause lets either party terminate for convenience with written notice, but only after the initial term ends.', 'Liability is capped at the fees paid in the twelve months before the claim, with carve outs for confidentiality and data protection.', 'I would ask {company} to make the indemnity mutual and to limit it to third party claims.', 'The renewal is automatic unless notice is given at least {n} days before the end of the term.', 'Payment terms of net {n} days are common, and you can offer a small discount for early payment in exchange.', 'Governing law and venue are set to the supplier\'s home courts, which you may want to neutralise.'],
  code: ['The function drops duplicates because the set conversion happens before the sort, so equal keys collapse.', 'A simple fix is to keep the original order with a dictionary and only deduplicate at the end.', 'For the retry loop, double the delay after each failure, add a little random jitter and stop after {n} attempts.', 'Streaming the file in chunks keeps memory flat even when the input is several gigabytes.', 'The timeout usually means the connection pool is exhausted rather than the remote service being slow.', 'I added a test that covers the empty input, a single element and a list with repeated values.', 'Logging the request id at each step will make the next incident much easier to trace.'],
  spreadsheets: ['A pivot table with the region in rows and the quarter in columns gives you that view directly.', 'Use a SUMIFS over the customer column with an expanding range to get the running total.', 'The growth column divides by the previous quarter, so blank cells produce the division errors you see.', 'Conditional formatting with a custom formula lets you highlight the rows below the threshold.', 'I grouped the notes into owner, status and due date, and marked the unclear ones for review.', 'Keep the raw data on its own tab so the formulas do not break when someone sorts the summary.'],
  tickets: ['Start by acknowledging the disruption and confirm that the team has identified the cause.', 'The logouts were caused by a session setting that has since been rolled back.', 'Offer a clear next step and a time by which they will hear from you again.', 'For slow exports, ask for the approximate size and the time of day, since both affect the queue.', 'Refunds above the standard limit need approval from {team}, so set expectations about the timeline.', 'Here is a summary of the thread with the open questions at the end.'],
  travel: ['The train from the airport is usually the fastest option and runs every few minutes during the day.', 'For a three day offsite, keep the first afternoon light so people can arrive and settle in.', 'Both hotels are within walking distance of the venue, but the second one has quieter rooms facing the courtyard.', 'Book the workshop room early, since {month} is a busy month for conferences in {city}.', 'Your expense note should list the purpose of the trip, the dates and the receipts in order.', 'A shared calendar with the travel details avoids a long email thread.'],
  hr: ['The role owns reporting for the {team} team and works closely with leadership on planning.', 'Feedback works best when it is specific, tied to an example and paired with a concrete next step.', 'Parental leave is available to every employee after their probation period, with pay for the first weeks.', 'On the first day, the new hire should meet their buddy, get their laptop and review the team handbook.', 'In a second round interview, ask candidates to walk through a real problem they solved and what they would change.', 'Keep the tone supportive and focus on impact rather than intent.'],
  marketing: ['Subject lines that name a clear benefit tend to outperform clever ones.', 'I removed the superlatives and led with what the customer can do on day one.', 'For the campaign, report reach, click through rate, qualified leads and the cost per lead.', 'A short post works best with one idea, one example and one call to action.', 'The tagline should be easy to say out loud and should fit on a badge.', 'Consider testing two versions of the opening line with a small audience first.'],
  meetings: ['Here are the action items, each with an owner and a suggested due date.', 'A one hour session works well with ten minutes of context, forty minutes of discussion and ten minutes of decisions.', 'The group agreed to ship the smaller version of {product} first and revisit the rest in {month}.', 'The follow up email should thank them, restate the decisions and list the next steps.', 'A written update before the meeting lets you spend the time on blockers instead of status.', 'Decisions and open questions are listed separately so nothing gets lost.'],
};

const GENERIC_SENTENCES = ['Let me know if you want me to adjust the tone or the level of detail.', 'If anything here does not match your situation, share a bit more context and I will refine it.', 'I kept the wording neutral so it can be reused with other teams.', 'This is a starting point, so it is worth a quick review by someone who knows the background.', 'I can also turn this into a checklist if that is easier to share.'];

const CLOSERS = ['Thanks!', 'Appreciate it.', 'Thanks in advance.', '', '', ''];

const NON_ASCII = ['Danke für die schnelle Rückmeldung! 🙏', 'Merci beaucoup, c’est très clair.', '¿Podrías revisar la sección de pagos?', '请帮我检查一下这个合同。', '会議の議事録をまとめてください。', 'Réunion déplacée à jeudi, voilà 👍', 'Obrigado pela ajuda com o relatório 🚀', 'Ça marche, à demain ☕', 'Spasibo, всё понятно.', '確認しました、ありがとうございます 😊', 'Tack så mycket för hjälpen!', '한국 팀에도 공유해 주세요 🙂'];

const SYSTEM_PROMPTS = ['You are a helpful assistant for the {team} team. Answer concisely and ask for missing context.', 'Always answer in a friendly, professional tone and keep answers under three paragraphs.', 'You help employees of {company} with internal questions. Do not invent policies.'];

export function pickTopic(rng: Rng): Topic {
  return rng.pick(TOPICS);
}

export function title(rng: Rng, topic: Topic): string {
  return fill(rng, rng.pick(TITLES[topic]));
}

export function userOpener(rng: Rng, topic: Topic): string {
  return fill(rng, rng.pick(USER_OPENERS[topic]));
}

export function userFollowup(rng: Rng): string {
  return fill(rng, rng.pick(USER_FOLLOWUPS));
}

export function closer(rng: Rng): string {
  return rng.pick(CLOSERS);
}

export function nonAsciiPhrase(rng: Rng): string {
  return rng.pick(NON_ASCII);
}

export function paragraph(rng: Rng, topic: Topic): string {
  const n = rng.int(2, 4);
  const used = new Set<string>();
  const out: string[] = [];
  for (let tries = 0; out.length < n && tries < 12; tries++) {
    const template = rng.pick(rng.chance(0.85) ? ASSISTANT_SENTENCES[topic] : GENERIC_SENTENCES);
    if (used.has(template)) continue;
    used.add(template);
    out.push(fill(rng, template));
  }
  return out.join(' ');
}

/** Assistant replies are longer; `long` ones run to several KB, as real drafts do. */
export function assistantReply(rng: Rng, topic: Topic, long: boolean): string {
  const paragraphs = long ? rng.int(14, 40) : rng.int(1, 4);
  const out: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    if (!long && i > 0 && rng.chance(0.15)) {
      out.push(['- first, confirm the scope', '- then, agree on owners', '- finally, set a review date'].join('\n'));
    } else {
      out.push(paragraph(rng, topic));
    }
  }
  return out.join('\n\n');
}

export function systemPrompt(rng: Rng): string {
  return fill(rng, rng.pick(SYSTEM_PROMPTS));
}

export function toolOutput(rng: Rng, tool: string): string {
  switch (tool) {
    case 'python': return `Out: ${rng.int(2, 99)} rows loaded, ${rng.int(2, 12)} columns, ${rng.int(0, 9)} missing values in the amount column.`;
    case 'browser': return `Search results for ${fill(rng, '{product} release notes')}: three pages found, the most recent from {month}.`.replace('{month}', rng.pick(SLOTS.month as readonly string[]));
    case 'myfiles_browser': return `Quoted from the uploaded file: ${paragraph(rng, rng.pick(TOPICS))}`;
    default: return 'Image generated from the prompt, shown above.';
  }
}
