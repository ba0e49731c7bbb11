//! Walks pulldown-cmark events into view nodes, grouped by top-level block.
//!
//! Text from the input only ever lands in `MdNode::Text` or in attribute
//! values chosen here; raw HTML events become text.

use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::elements;
use super::frame::{Frame, Role};
use super::node::{MdNode, push_node, push_text};
use super::wide::WideTable;

/// Elements nested deeper than this are flattened into their ancestor. The
/// tree, the DOM builder and dropping the tree all recurse once per level,
/// and `> > > …` or `- - - …` from a model could otherwise overflow the
/// stack (wasm has 1 MiB) and take the page down.
const MAX_NESTING: usize = 64;

/// Finds `(destination, title)` for a reference label used at a byte offset.
pub(crate) type Resolve<'r> = dyn Fn(&str, usize) -> Option<(String, String)> + 'r;

/// What can still extend a block once another block follows it (see `freeze`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// Heading, fenced code, thematic break: over at their last line.
    SelfClosing,
    /// Paragraph, table, HTML: over at the next blank line.
    Leaf,
    /// List, quote, footnote definition, indented code: the lines after a
    /// blank line may still continue them.
    Container,
}

/// One top-level block: its byte span in the parsed text, and its nodes.
#[derive(Debug)]
pub(crate) struct Block {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
    pub nodes: Vec<MdNode>,
}

/// Renders `events` (offsets into `text`) into blocks.
pub(crate) fn walk<'t>(
    text: &'t str,
    events: impl IntoIterator<Item = (Event<'t>, Range<usize>)>,
    resolve: &Resolve<'_>,
    wide: &[WideTable],
) -> Vec<Block> {
    let mut walker = Walker {
        text,
        resolve,
        wide,
        stack: Vec::new(),
        table: TableState::default(),
        pending: Vec::new(),
        blocks: Vec::new(),
        block_start: 0,
        block_end: 0,
        block_kind: BlockKind::Container,
    };
    for (event, range) in events {
        walker.handle(event, range);
    }
    // Events are balanced, but never lose content if they were not.
    while !walker.stack.is_empty() {
        walker.pop();
    }
    walker.flush_block();
    walker.blocks
}

#[derive(Default)]
struct TableState {
    aligns: Vec<Alignment>,
    in_head: bool,
    column: usize,
    body_open: bool,
    /// Columns of a table cut down (`wide`), and how many are shown.
    columns: Option<(usize, usize)>,
}

struct Walker<'w> {
    text: &'w str,
    resolve: &'w Resolve<'w>,
    wide: &'w [WideTable],
    stack: Vec<Frame>,
    table: TableState,
    /// Output of the current top-level block.
    pending: Vec<MdNode>,
    blocks: Vec<Block>,
    block_start: usize,
    block_end: usize,
    block_kind: BlockKind,
}

impl Walker<'_> {
    fn handle(&mut self, event: Event<'_>, range: Range<usize>) {
        if !matches!(event, Event::End(_)) {
            match self.stack.last_mut() {
                Some(top) => top.note_child(&range),
                None => self.begin_block(&event, range.start),
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, &range),
            Event::End(end) => self.end(end),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push_text(self.out(), &text)
            }
            Event::SoftBreak => push_text(self.out(), "\n"),
            Event::Code(code) => self.leaf(MdNode::el("code", vec![MdNode::Text(code.into())])),
            Event::InlineMath(math) => self.math(&math, &range, false),
            Event::DisplayMath(math) => self.math(&math, &range, true),
            // Footnotes link nowhere: no ids from input, and a label shown
            // as-is does not depend on definitions elsewhere.
            Event::FootnoteReference(label) => self.leaf(MdNode::with_attrs(
                "sup",
                vec![("class", "footnote-ref".to_owned())],
                vec![MdNode::Text(label.into())],
            )),
            Event::HardBreak => self.leaf(MdNode::el("br", Vec::new())),
            Event::Rule => self.leaf(MdNode::el("hr", Vec::new())),
            Event::TaskListMarker(checked) => self.task_marker(checked),
        }
        self.block_end = range.end;
        self.flush_block();
    }

    fn begin_block(&mut self, event: &Event<'_>, start: usize) {
        self.block_start = start;
        self.block_kind = match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(CodeBlockKind::Fenced(_)))
            | Event::Rule => BlockKind::SelfClosing,
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::HtmlBlock) => BlockKind::Leaf,
            _ => BlockKind::Container,
        };
    }

    fn flush_block(&mut self) {
        if self.stack.is_empty() && !self.pending.is_empty() {
            self.blocks.push(Block {
                start: self.block_start,
                end: self.block_end,
                kind: self.block_kind,
                nodes: std::mem::take(&mut self.pending),
            });
        }
    }

    /// Where children of the innermost open element go.
    fn out(&mut self) -> &mut Vec<MdNode> {
        match self.stack.last_mut() {
            Some(top) => &mut top.children,
            None => &mut self.pending,
        }
    }

    fn leaf(&mut self, node: MdNode) {
        push_node(self.out(), node);
    }

    fn push(&mut self, tag: &'static str, attrs: Vec<(&'static str, String)>, span: &Range<usize>) {
        let mut frame = Frame::new(tag, attrs, span.clone());
        if self.stack.len() >= MAX_NESTING {
            frame.role = Role::Flat;
        }
        self.stack.push(frame);
    }

    fn pop(&mut self) {
        if let Some(frame) = self.stack.pop() {
            let text = self.text;
            frame.finish(text, self.out());
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: &Range<usize>) {
        match tag {
            Tag::Paragraph => self.push("p", Vec::new(), span),
            Tag::Heading { level, .. } => self.push(elements::heading_tag(level), Vec::new(), span),
            Tag::BlockQuote(_) => self.push("blockquote", Vec::new(), span),
            Tag::CodeBlock(kind) => {
                self.push("pre", Vec::new(), span);
                self.push("code", elements::code_attrs(&kind), span);
            }
            Tag::HtmlBlock => self.push("pre", vec![("class", "raw-html".to_owned())], span),
            Tag::List(Some(first)) => {
                let attrs = if first == 1 {
                    Vec::new()
                } else {
                    vec![("start", first.to_string())]
                };
                self.push("ol", attrs, span);
            }
            Tag::List(None) => self.push("ul", Vec::new(), span),
            Tag::Item => self.push("li", Vec::new(), span),
            Tag::FootnoteDefinition(label) => {
                self.push(
                    "div",
                    vec![("class", "footnote-definition".to_owned())],
                    span,
                );
                self.leaf(MdNode::with_attrs(
                    "sup",
                    vec![("class", "footnote-label".to_owned())],
                    vec![MdNode::Text(label.into())],
                ));
            }
            Tag::Table(aligns) => {
                let columns = self
                    .wide
                    .iter()
                    .find(|table| table.header.contains(&span.start))
                    .map(|table| (table.columns, table.shown));
                self.table = TableState {
                    aligns,
                    columns,
                    ..TableState::default()
                };
                self.push("table", Vec::new(), span);
            }
            Tag::TableHead => {
                self.table.in_head = true;
                self.table.column = 0;
                self.push("thead", Vec::new(), span);
                self.push("tr", Vec::new(), span);
            }
            Tag::TableRow => {
                if !self.table.body_open {
                    self.table.body_open = true;
                    self.push("tbody", Vec::new(), span);
                }
                self.table.column = 0;
                self.push("tr", Vec::new(), span);
            }
            Tag::TableCell => {
                let tag = if self.table.in_head { "th" } else { "td" };
                let attrs = elements::cell_attrs(self.table.aligns.get(self.table.column));
                self.table.column += 1;
                self.push(tag, attrs, span);
            }
            Tag::Emphasis => self.push("em", Vec::new(), span),
            Tag::Strong => self.push("strong", Vec::new(), span),
            Tag::Strikethrough => self.push("del", Vec::new(), span),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let target = self.target(link_type, dest_url, title, &id, span.start);
                self.push("a", Vec::new(), span);
                self.set_role(Role::Link(target), link_type);
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let target = self.target(link_type, dest_url, title, &id, span.start);
                self.push("span", Vec::new(), span);
                self.set_role(Role::Image(target), link_type);
            }
            // Extensions we do not enable; keep their text.
            _ => self.push("span", Vec::new(), span),
        }
    }

    fn set_role(&mut self, role: Role, link_type: LinkType) {
        if let Some(top) = self
            .stack
            .last_mut()
            .filter(|top| matches!(top.role, Role::Element))
        {
            top.role = role;
            top.collapsed = matches!(link_type, LinkType::Collapsed | LinkType::CollapsedUnknown);
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            // These opened two frames.
            TagEnd::CodeBlock => {
                // Highlighting sees the whole text of the block at once, so
                // it cannot depend on how the parser split it into events.
                if let Some(code) = self.stack.last_mut().filter(|top| top.tag == "code") {
                    let children = std::mem::take(&mut code.children);
                    code.children = elements::code_children(&code.attrs, children);
                }
                self.pop();
                self.pop();
            }
            TagEnd::TableHead => {
                self.pop();
                self.pop();
                self.table.in_head = false;
            }
            TagEnd::Table => {
                if self.table.body_open {
                    self.pop();
                }
                self.pop();
                if let Some((columns, shown)) = self.table.columns {
                    self.leaf(elements::table_note(columns, shown));
                }
                self.table = TableState::default();
            }
            _ => self.pop(),
        }
    }

    /// The destination and title of a link or image; reference forms are
    /// resolved by position (see `refs`).
    fn target(
        &self,
        link_type: LinkType,
        dest: CowStr<'_>,
        title: CowStr<'_>,
        id: &str,
        at: usize,
    ) -> Option<(String, String)> {
        match link_type {
            LinkType::Inline | LinkType::Autolink | LinkType::WikiLink { .. } => {
                Some((dest.into_string(), title.into_string()))
            }
            LinkType::Email => Some((format!("mailto:{dest}"), title.into_string())),
            LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown => (self.resolve)(id, at),
        }
    }

    /// pulldown-cmark lets a `$` close math right before a digit, which
    /// turns prices (`$5-$10`, `US$5 and US$10`) into math; like Pandoc, we
    /// take such a span as the text it was.
    fn math(&mut self, tex: &str, range: &Range<usize>, display: bool) {
        let text = self.text;
        if text
            .as_bytes()
            .get(range.end)
            .is_some_and(u8::is_ascii_digit)
        {
            push_text(self.out(), text.get(range.clone()).unwrap_or(tex));
        } else {
            self.leaf(elements::math(tex, display));
        }
    }

    fn task_marker(&mut self, checked: bool) {
        if let Some(item) = self.stack.iter_mut().rev().find(|f| f.tag == "li")
            && item.attrs.is_empty()
        {
            item.attrs.push(("class", "task-list-item".to_owned()));
        }
        let mut attrs = vec![("type", "checkbox".to_owned()), ("disabled", String::new())];
        if checked {
            attrs.push(("checked", String::new()));
        }
        self.leaf(MdNode::with_attrs("input", attrs, Vec::new()));
    }
}
