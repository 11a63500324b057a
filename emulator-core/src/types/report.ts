/** A trailer the reviewer chose to add (never added by default: a model result is not a hardware test). */
export interface ReportTrailer {
  kind: 'tested-by' | 'reviewed-by'
  /** `Name <address>`, from `git config user.name` / `user.email`. */
  ident: string
}

/** The patch mail a report replies to: its headers and the quoted lines (without the `> `). */
export interface ReplyContext {
  subject: string
  /** Without angle brackets. */
  messageId?: string
  /** The mail's own References, oldest first (without angle brackets). */
  references?: string[]
  from?: string
  date?: string
  /** Quoted above the result: the hunk that touches the diverging function (file header, @@ line, body). */
  quoted: string[]
}

/** What a report adds to a comparison: the version statement, an opt-in trailer, reply headers. */
export interface ReportOptions {
  /** PatchLab version named in the model statement. */
  version?: string
  trailer?: ReportTrailer
  replyTo?: ReplyContext
}
