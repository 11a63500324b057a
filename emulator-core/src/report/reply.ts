/**
 * Reply mode: the patch mail a report answers. Parsed with postal-mime (headers, MIME) and parse-diff
 * (hunks), both pure JS so the app can use them too. Mail archives' web pages (the form of
 * shared/seeds: a subject line, `From:`/`Date:` lines, no Message-ID) are read as well.
 */
import parseDiff from 'parse-diff'
import PostalMime from 'postal-mime'
import type { ReplyContext } from '../types'
import { wrapText } from './text-wrap'

/** A parsed patch mail. */
export interface PatchMail {
  subject: string
  messageId?: string
  references: string[]
  from?: string
  date?: string
  body: string
}

/** How many lines of a hunk a reply quotes before `[...]`. */
const MAX_QUOTED = 40

const bare = (id: string) => id.trim().replace(/^<|>$/g, '')

/** Parses an mbox/.eml message, or an archive page that starts with the subject line. */
export async function parsePatchMail(text: string): Promise<PatchMail> {
  const mboxText = text.replace(/^From [^\n]*\n/, '')
  if (/^[A-Za-z-]+:/.test(mboxText) && /^subject:/im.test(mboxText.split(/\r?\n\r?\n/)[0])) {
    const mail = await PostalMime.parse(mboxText)
    const parsed: PatchMail = { subject: mail.subject ?? '', references: (mail.references ?? '').split(/\s+/).filter(Boolean).map(bare), body: mail.text ?? '' }
    if (mail.messageId) parsed.messageId = bare(mail.messageId)
    if (mail.from) parsed.from = mail.from.name ? `${mail.from.name} <${mail.from.address}>` : (mail.from.address ?? '')
    if (mail.date) parsed.date = mail.date
    return parsed
  }
  const lines = text.split(/\r?\n/)
  const parsed: PatchMail = { subject: lines[0].trim(), references: [], body: text }
  const header = (name: string) => lines.slice(1, 12).find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2).trim()
  const from = header('From'), date = header('Date'), id = header('Message-ID') ?? header('Message-Id')
  if (from) parsed.from = from
  if (date) parsed.date = date
  if (id) parsed.messageId = bare(id)
  return parsed
}

/**
 * The hunk of the patch that touches `fn` (the kernel function of the first divergence): the one
 * whose @@ context or changed lines name it, else whose context lines do, else the first hunk.
 * Quoted review mails (`> ` lines) are read through their quotes.
 */
export function hunkFor(body: string, fn: string | undefined): string[] {
  const unquoted = body.split(/\r?\n/).map((l) => l.replace(/^> ?/, '')).join('\n')
  const files = parseDiff(unquoted)
  const word = fn ? new RegExp(`\\b${fn.replace(/[^\w]/g, '')}\\b`) : undefined
  let best: { score: number; lines: string[] } | undefined
  for (const file of files) {
    for (const chunk of file.chunks) {
      let score = 0
      if (word) {
        if (word.test(chunk.content)) score = 3
        else if (chunk.changes.some((c) => c.type !== 'normal' && word.test(c.content))) score = 2
        else if (chunk.changes.some((c) => word.test(c.content))) score = 1
      }
      if (!best || score > best.score) best = { score, lines: [`diff --git a/${file.from} b/${file.to}`, chunk.content, ...chunk.changes.map((c) => c.content)] }
    }
  }
  if (!best) return []
  return best.lines.length > MAX_QUOTED ? [...best.lines.slice(0, MAX_QUOTED), '[...]'] : best.lines
}

/** The reply context for a patch mail and the function the comparison diverged in. */
export function replyContext(mail: PatchMail, fn: string | undefined, messageId?: string): ReplyContext {
  const ctx: ReplyContext = { subject: mail.subject, quoted: hunkFor(mail.body, fn) }
  const id = messageId ? bare(messageId) : mail.messageId
  if (id) ctx.messageId = id
  if (mail.references.length) ctx.references = mail.references
  if (mail.from) ctx.from = mail.from
  if (mail.date) ctx.date = mail.date
  return ctx
}

/**
 * Mail headers for `git send-email` / a mail client (Subject: Re:, In-Reply-To:, References:), a blank
 * line, then the attribution and the quoted hunk. The header block has no line limit (RFC 5322
 * folding is the mailer's business); the rest fits 80 columns apart from quoted code.
 */
export function replyHeader(ctx: ReplyContext, m: { title: string }): string[] {
  const subject = ctx.subject ? (/^re:/i.test(ctx.subject) ? ctx.subject : `Re: ${ctx.subject}`) : `PatchLab: ${m.title}`
  const lines = [`Subject: ${subject}`]
  if (ctx.messageId) {
    lines.push(`In-Reply-To: <${ctx.messageId}>`)
    lines.push(`References: ${[...(ctx.references ?? []), ctx.messageId].map((r) => `<${r}>`).join(' ')}`)
  }
  lines.push('')
  if (ctx.quoted.length) {
    lines.push(...wrapText(`${ctx.date ? `On ${ctx.date}, ` : ''}${ctx.from ?? 'the patch'} wrote:`, 80))
    lines.push(...ctx.quoted.map((l) => (l ? `> ${l}` : '>')), '')
  }
  return lines
}
