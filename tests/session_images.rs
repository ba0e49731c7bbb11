//! Attached images kept in the image store, not in localStorage: written
//! there before the chat names them, read back when a chat opens, shown as
//! missing when their record is gone, migrated from chats that held them
//! inline, deleted with their chat (and back on Undo), carried by export
//! and import, and left inline when the image store is full or off.

mod session_support;

use minimax_chat::chat::images::ref_id;
use minimax_chat::session::images::MemoryImages;
use minimax_chat::session::{ExportScope, ShownImage};
use minimax_chat::store::KeyValue;
use minimax_chat::store::layout::CHAT_PREFIX;
use minimax_chat::store::transfer::export_json_with;
use serde_json::Value;
use session_support::*;

fn stored(w: &World, id: &str) -> String {
    w.local
        .get(&format!("{CHAT_PREFIX}{id}"))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Send `text` with `images` and stream a short answer.
fn send_images(
    s: &mut Tab<'_>,
    text: &str,
    images: Vec<String>,
) -> minimax_chat::session::ReplyJob {
    let job = s.send(text, images).expect("sent");
    answer(s, &job, "", "seen");
    job
}

/// The image entries of the open chat's first message.
fn first_images(s: &Tab<'_>) -> Vec<String> {
    s.current()
        .map(|c| c.messages[0].images.clone())
        .unwrap_or_default()
}

/// The `image_url`s of the last user message of a request body.
fn sent_urls(body: &str) -> Vec<String> {
    let body: Value = minimax_chat::json::parse_value(body).expect("json");
    let user = body["messages"]
        .as_array()
        .and_then(|m| m.iter().rev().find(|m| m["role"] == "user").cloned())
        .unwrap_or_default();
    user["content"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| p["image_url"]["url"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_sent_image_goes_to_the_image_store_and_the_chat_names_it() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    let job = send_images(&mut s, "look", vec![png(1)]);
    assert_eq!(sent_urls(&job.body), [png(1)]);
    // Until the image store has it, the chat holds it itself.
    assert!(stored(&w, &job.chat_id).contains(&png(1)));
    assert!(images.ids().is_empty());
    pump_images(&mut s, &images);
    let record = images.ids().pop().expect("one record");
    assert_eq!(images.url(&record), Some(png(1)));
    let raw = stored(&w, &job.chat_id);
    assert!(!raw.contains("base64"), "{raw}");
    assert!(raw.contains(&format!("\"img:{record}\"")), "{raw}");
    assert_eq!(first_images(&s), [format!("img:{record}")]);
    assert_eq!(
        s.shown_image(&first_images(&s)[0]),
        ShownImage::Ready(&png(1))
    );
}

#[test]
fn a_reopened_chat_reads_its_images_and_sends_them_again() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    send_images(&mut s, "look", vec![png(2)]);
    pump_images(&mut s, &images);

    let mut again = w.open();
    let entry = first_images(&again)[0].clone();
    assert_eq!(again.shown_image(&entry), ShownImage::Loading);
    // The request must carry the image: not before it is read.
    assert_eq!(again.send("and now?", Vec::new()), None);
    assert!(again.problem().is_some_and(|p| p.contains("still loading")));
    pump_images(&mut again, &images);
    assert_eq!(again.shown_image(&entry), ShownImage::Ready(&png(2)));
    let job = send(&mut again, "and now?");
    let body: Value = minimax_chat::json::parse_value(&job.body).expect("json");
    assert_eq!(
        body["messages"][0]["content"][1]["image_url"]["url"],
        png(2)
    );
}

#[test]
fn a_missing_record_shows_as_missing_and_the_chat_goes_on() {
    let w = World::new();
    let mut s = w.open();
    send_images(&mut s, "look", vec![png(3)]);
    pump_images(&mut s, &MemoryImages::new());
    // Another browser profile: the chats came along, the images did not.
    let empty = MemoryImages::new();
    let mut again = w.open();
    pump_images(&mut again, &empty);
    let entry = first_images(&again)[0].clone();
    assert_eq!(again.shown_image(&entry), ShownImage::Missing);
    let job = send(&mut again, "still there?");
    let body: Value = minimax_chat::json::parse_value(&job.body).expect("json");
    assert_eq!(
        body["messages"][0]["content"], "look",
        "sent without the image"
    );
    answer(&mut again, &job, "", "yes");
    assert_eq!(texts(&again).len(), 4);
}

#[test]
fn a_v2_chat_holding_data_urls_is_migrated_step_by_step() {
    let w = World::new();
    let v2 = |id: &str, n: u32| {
        format!(
            r#"{{"v":2,"chat":{{"id":"{id}","updated_ms":{n},"messages":[{{"id":"u{n}","role":"user","content":"pic {n}","images":["{}"],"timing":{{"started_ms":1}}}},{{"id":"a{n}","role":"assistant","content":"ok","timing":{{"started_ms":2}}}}]}}}}"#,
            png(n)
        )
    };
    w.local.set("mmchat:schema", "2").expect("set");
    for n in 1..=3 {
        w.local
            .set(&format!("{CHAT_PREFIX}c{n}"), &v2(&format!("c{n}"), n))
            .expect("set");
    }
    w.local
        .set(
            "mmchat:index",
            r#"{"v":1,"open":"c3","chats":[{"id":"c3","title":"pic 3","updated_ms":3},{"id":"c2","title":"pic 2","updated_ms":2},{"id":"c1","title":"pic 1","updated_ms":1}]}"#,
        )
        .expect("set");
    let images = MemoryImages::new();
    let mut s = w.open();
    // The open chat first; it shows its image from the start.
    assert_eq!(
        s.shown_image(&first_images(&s)[0]),
        ShownImage::Ready(&png(3))
    );
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 1);
    assert!(stored(&w, "c3").starts_with("{\"v\":3,"));
    assert!(!stored(&w, "c3").contains("base64"));
    assert!(
        stored(&w, "c2").contains(&png(2)),
        "not read yet: left as it was"
    );
    // The others as they are read, after the first screen.
    s.read_all();
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 3);
    for n in 1..=3 {
        let raw = stored(&w, &format!("c{n}"));
        assert!(!raw.contains("base64") && raw.contains("img:"), "{raw}");
    }
    // Every image is still there, by reference.
    let mut again = w.open();
    again.open_chat("c1");
    pump_images(&mut again, &images);
    assert_eq!(
        again.shown_image(&first_images(&again)[0]),
        ShownImage::Ready(&png(1))
    );
}

#[test]
fn when_the_image_store_is_full_or_off_images_stay_inside_their_chat() {
    for broken in [false, true] {
        let w = World::new();
        let images = MemoryImages::with_limit(10);
        if broken {
            images.break_down();
        }
        let mut s = w.open();
        let job = send_images(&mut s, "look", vec![png(4)]);
        pump_images(&mut s, &images);
        assert!(images.ids().is_empty());
        assert_eq!(first_images(&s), [png(4)]);
        assert!(stored(&w, &job.chat_id).contains(&png(4)), "nothing lost");
        let said = if broken {
            "cannot be kept apart"
        } else {
            "Image storage is full"
        };
        assert!(
            s.notices().iter().any(|n| n.contains(said)),
            "{:?}",
            s.notices()
        );
        assert_eq!(s.images_full(), !broken);
        assert_eq!(s.shown_image(&png(4)), ShownImage::Ready(&png(4)));
    }
}

#[test]
fn deleting_a_chat_deletes_its_images_and_undo_brings_them_back() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    let kept = send_images(&mut s, "keep", vec![png(5)]).chat_id;
    s.new_chat();
    let gone = send_images(&mut s, "drop", vec![png(6), png(7)]).chat_id;
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 3);
    s.delete_chat(&gone);
    pump_images(&mut s, &images);
    let left = images.ids();
    assert_eq!(left.len(), 1);
    assert_eq!(images.url(&left[0]), Some(png(5)));
    s.undo_delete();
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 3);
    s.open_chat(&gone);
    pump_images(&mut s, &images);
    assert_eq!(first_images(&s).len(), 2);
    for entry in first_images(&s) {
        assert!(matches!(s.shown_image(&entry), ShownImage::Ready(_)));
    }
    // Deleted for good: dismissing the Undo forgets them.
    s.delete_chat(&gone);
    s.dismiss_deleted();
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 1);
    assert!(!stored(&w, &kept).is_empty());
}

#[test]
fn export_carries_the_images_and_import_writes_them_back() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    send_images(&mut s, "look", vec![png(8)]);
    pump_images(&mut s, &images);
    let chats = s.chats_to_export(ExportScope::All);
    let ids: Vec<String> = chats.iter().map(|c| c.id.clone()).collect();
    s.load_images_of(&ids);
    pump_images(&mut s, &images);
    let extras = s.export_extras(ExportScope::All, &chats);
    assert_eq!(extras.images.len(), 1);
    let file = export_json_with(&chats, &extras, 1.0);
    assert!(file.contains(&png(8)));

    let other = World::new();
    let theirs = MemoryImages::new();
    let mut t = other.open();
    t.import(&file).expect("imported");
    // The test ids repeat across worlds: the imported chat sits beside this
    // browser's own empty one; open it.
    let imported = t.list("")[0].id.clone();
    t.open_chat(&imported);
    pump_images(&mut t, &theirs);
    assert_eq!(theirs.ids().len(), 1);
    let entry = &first_images(&t)[0];
    assert_eq!(ref_id(entry), theirs.ids().first().map(String::as_str));
    assert_eq!(t.shown_image(entry), ShownImage::Ready(&png(8)));
    // Imported twice: no duplicate chat, no duplicate record.
    t.import(&file).expect("imported again");
    pump_images(&mut t, &theirs);
    assert_eq!((t.list("").len(), theirs.ids().len()), (1, 1));
}

#[test]
fn an_import_never_replaces_an_image_here_with_the_same_id() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    send_images(&mut s, "mine", vec![png(9)]);
    pump_images(&mut s, &images);
    let record = images.ids()[0].clone();
    let chats = s.chats_to_export(ExportScope::All);
    let mut extras = s.export_extras(ExportScope::All, &chats);
    extras.images = vec![(record.clone(), png(10))];
    let mut forged = chats.clone();
    forged[0].id = "c-forged".into();
    forged[0].messages[0].content = "theirs".into();
    s.import(&export_json_with(&forged, &extras, 1.0))
        .expect("imported");
    pump_images(&mut s, &images);
    assert_eq!(images.url(&record), Some(png(9)));
}

#[test]
fn an_imported_copy_keeps_the_images_it_shares_when_the_original_is_deleted() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    let original = send_images(&mut s, "pic", vec![png(11)]).chat_id;
    pump_images(&mut s, &images);
    let mut chats = s.chats_to_export(ExportScope::All);
    chats[0].messages[1].content = "a different answer".into();
    s.import(&export_json_with(&chats, &Default::default(), 1.0))
        .expect("imported as a copy");
    assert_eq!(s.list("").len(), 2);
    s.delete_chat(&original);
    s.dismiss_deleted();
    pump_images(&mut s, &images);
    assert_eq!(images.ids().len(), 1, "the copy still names it");
}

#[test]
fn thirty_photos_fit_where_localstorage_holds_two() {
    // A photo is ~300 KB as a data URL; localStorage here holds ~2 of them.
    let photo = |n: u32| format!("data:image/jpeg;base64,{}{n:0>4}", "A".repeat(300_000));
    let w = World::with_limit(1_300_000);
    let images = MemoryImages::new();
    let mut s = w.open();
    for n in 0..30 {
        send_images(&mut s, &format!("photo {n}"), vec![photo(n)]);
        pump_images(&mut s, &images);
        assert_eq!(s.storage_error(), None, "photo {n}");
    }
    assert_eq!(images.ids().len(), 30);
    let mut again = w.open();
    pump_images(&mut again, &images);
    let shown = again
        .current()
        .map(|c| {
            c.messages
                .iter()
                .flat_map(|m| m.images.clone())
                .filter(|e| matches!(again.shown_image(e), ShownImage::Ready(_)))
                .count()
        })
        .unwrap_or_default();
    assert_eq!(shown, 30);
}

#[test]
fn text_that_is_not_an_image_is_never_moved_or_shown() {
    let w = World::new();
    let images = MemoryImages::new();
    let mut s = w.open();
    let odd = "data:text/html;base64,PHNjcmlwdD4=".to_string();
    let job = s.send("odd", vec![odd.clone()]).expect("sent");
    answer(&mut s, &job, "", "ok");
    pump_images(&mut s, &images);
    assert!(images.ids().is_empty());
    assert_eq!(s.shown_image(&odd), ShownImage::Unshown);
    assert_eq!(s.shown_image("img:nothing-here"), ShownImage::Loading);
}
