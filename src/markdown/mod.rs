//! Model markdown to safe view nodes.
