package dev.agentcollab.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The listing part of the bucket store contract: order, recursion, prefixes, pagination and page tokens. */
public abstract class BucketStoreListingContract extends BucketStoreContractSupport {

    /** Creates the suite. */
    protected BucketStoreListingContract() {}

    @Test
    void listingsAreRecursiveSortedAndDescribeEachFile() {
        BucketId id = bucket();
        for (String p : List.of("b/2.md", "a.md", "b/1.md", "b/c/deep.md", "a-b.md")) {
            store.put(id, path(p), utf8("content of " + p));
        }
        List<BucketEntry> all = store.listAll(id, "");
        assertEquals(
                List.of("a-b.md", "a.md", "b/1.md", "b/2.md", "b/c/deep.md"),
                all.stream().map(e -> e.path().value()).toList());
        for (BucketEntry e : all) {
            assertEquals(utf8("content of " + e.path()).length, e.size());
        }
    }

    @Test
    void aPrefixIsAPlainStringPrefix() {
        BucketId id = bucket();
        for (String p : List.of("inbox/a/1.md", "inbox/a/2.md", "inbox/ab/3.md", "inbox.md", "other/x")) {
            store.put(id, path(p), utf8(p));
        }
        assertEquals(List.of("inbox/a/1.md", "inbox/a/2.md"), paths(store.listAll(id, "inbox/a/")));
        assertEquals(List.of("inbox/a/1.md", "inbox/a/2.md", "inbox/ab/3.md"), paths(store.listAll(id, "inbox/a")));
        assertEquals(4, store.listAll(id, "inbox").size());
        assertTrue(store.listAll(id, "nothing/").isEmpty());
    }

    @Test
    void anEmptyBucketListsNothing() {
        BucketListing page = store.list(bucket(), ListRequest.under(""));
        assertTrue(page.entries().isEmpty());
        assertTrue(page.nextPageToken().isEmpty());
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeats() {
        BucketId id = bucket();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String p = String.format("dir/f%03d.txt", i);
            expected.add(p);
            store.put(id, path(p), utf8("#" + i));
        }
        store.put(id, path("zzz-outside.txt"), utf8("not under the prefix"));
        List<String> seen = new ArrayList<>();
        ListRequest request = ListRequest.under("dir/").withPageSize(5);
        int pages = 0;
        while (true) {
            BucketListing page = store.list(id, request);
            pages++;
            assertTrue(page.entries().size() <= 5, "page larger than requested");
            seen.addAll(paths(page.entries()));
            if (page.nextPageToken().isEmpty()) {
                break;
            }
            request = request.next(page.nextPageToken().get());
        }
        assertEquals(expected, seen);
        assertTrue(pages >= 5, "expected at least 5 pages of 5, got " + pages);
    }

    @Test
    void aPageTokenThisStoreDidNotIssueIsAnInvalidQuery() {
        BucketId id = bucket();
        store.put(id, path("a"), utf8("x"));
        ListRequest forged = new ListRequest("", Optional.of("not-a-real-token"), 10);
        assertCode(ErrorCode.INVALID_QUERY, () -> store.list(id, forged));
    }

    @Test
    void writesBetweenPagesAreNotRepeated() {
        BucketId id = bucket();
        for (int i = 0; i < 6; i++) {
            store.put(id, path("f" + i), utf8("x"));
        }
        BucketListing first = store.list(id, ListRequest.under("").withPageSize(3));
        store.put(id, path("f0"), utf8("rewritten"));
        assertEquals(List.of("f3", "f4", "f5"), rest(id, first));
    }

    @Test
    void filesAddedOrDeletedBeforeTheCursorNeitherRepeatNorHideOthers() {
        BucketId id = bucket();
        for (int i = 0; i < 6; i++) {
            store.put(id, path("f" + i), utf8("x"));
        }
        BucketListing first = store.list(id, ListRequest.under("").withPageSize(3));
        assertEquals(List.of("f0", "f1", "f2"), paths(first.entries()));
        store.delete(id, path("f0"));
        store.delete(id, path("f1"));
        assertEquals(List.of("f3", "f4", "f5"), rest(id, first));
        BucketListing again = store.list(id, ListRequest.under("").withPageSize(3));
        assertEquals(List.of("f2", "f3", "f4"), paths(again.entries()));
        store.put(id, path("a0"), utf8("x"));
        store.put(id, path("a1"), utf8("x"));
        assertEquals(List.of("f5"), rest(id, again));
    }

    /** The paths of every page after {@code first}, following its tokens with pages of 3. */
    private List<String> rest(BucketId id, BucketListing first) {
        List<String> rest = new ArrayList<>();
        ListRequest request =
                ListRequest.under("").withPageSize(3).next(first.nextPageToken().orElseThrow());
        while (true) {
            BucketListing page = store.list(id, request);
            rest.addAll(paths(page.entries()));
            if (page.nextPageToken().isEmpty()) {
                break;
            }
            request = request.next(page.nextPageToken().get());
        }
        return rest;
    }

    private static List<String> paths(List<BucketEntry> entries) {
        return entries.stream().map(BucketEntry::path).map(BucketPath::value).toList();
    }
}
