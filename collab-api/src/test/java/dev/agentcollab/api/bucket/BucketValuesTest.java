package dev.agentcollab.api.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of the bucket value types: bad input gets INVALID_PATH with a clear message. */
class BucketValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/./b", "a/../b", "..", "a\\b", "tab\there", "trailing/"})
    void invalidStoragePathsAreRejected(String path) {
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> BucketPath.of(path)).code());
    }

    @Test
    void pathsThatAreNotValidUnicodeAreRejectedAndOtherCharactersKept() {
        // A lone surrogate (a JSON body may carry "\ud800") has no UTF-8 form: a store would keep the file under
        // another name ('?'), so that it could not be found again by the name it was written with.
        for (String path : List.of("notes/\ud800x.md", "notes/x\udc00.md", "notes/\udc00\ud83d.md", "a/\ud83d")) {
            CollabException e = assertThrows(CollabException.class, () -> BucketPath.of(path));
            assertEquals(ErrorCode.INVALID_PATH, e.code());
            assertEquals("path is not valid Unicode (unpaired surrogate)", e.getMessage());
            assertEquals(
                    ErrorCode.INVALID_PATH,
                    assertThrows(CollabException.class, () -> BucketPath.validateUserPath(path))
                            .code());
        }
        for (String path : List.of("uni/\u00e9\u4e2d\ud83d\ude00.md", "pct/%2F%00%", "sp/ lead", "u/\u2028\ufeff")) {
            assertEquals(path, BucketPath.of(path).value());
        }
    }

    @Test
    void storagePathsAllowDotFilesButUserPathsDoNot() {
        assertEquals(
                ".bucket-sync-handshake",
                BucketPath.of(".bucket-sync-handshake").value());
        CollabException e = assertThrows(CollabException.class, () -> BucketPath.validateUserPath("drafts/.secret"));
        assertEquals("path component must not start with '.': '.secret'", e.getMessage());
        assertEquals(
                "drafts/plan.md", BucketPath.validateUserPath("drafts/plan.md/").value());
    }

    @Test
    void pathHelpers() {
        BucketPath p = BucketPath.of("a/b/c.md");
        assertEquals(List.of("a", "b", "c.md"), p.segments());
        assertEquals("c.md", p.leaf());
        assertEquals("a/b/c.md/d", p.resolve("d").value());
        assertTrue(p.startsWith("a/b"));
    }

    @Test
    void bucketIdsParseAndValidate() {
        assertEquals(new BucketId("org", "fast-gemma-agent-1"), BucketId.parse("org/fast-gemma-agent-1"));
        for (String bad : List.of("no-slash", "a/b/c", "-org/x", "org/x..y", "org/", "/x")) {
            assertEquals(
                    ErrorCode.INVALID_PATH,
                    assertThrows(CollabException.class, () -> BucketId.parse(bad))
                            .code(),
                    bad);
        }
    }

    @Test
    void bucketUrisFollowTheReferenceGrammar() {
        BucketUri u = BucketUri.parse("hf://buckets/org/agent-1/drafts/plan.md");
        assertEquals(BucketId.parse("org/agent-1"), u.bucket());
        assertEquals(Optional.of(BucketPath.of("drafts/plan.md")), u.path());
        assertEquals("hf://buckets/org/agent-1/drafts/plan.md", u.toString());
        assertEquals(
                Optional.empty(), BucketUri.parse("hf://buckets/org/agent-1").path());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> BucketUri.parse("s3://x/y"))
                        .code());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> BucketUri.parse("hf://buckets/org/a/../b"))
                        .code());
    }

    @Test
    void listRequestsValidateTheirKnobs() {
        assertThrows(IllegalArgumentException.class, () -> ListRequest.under("").withPageSize(0));
        assertThrows(IllegalArgumentException.class, () -> ListRequest.under("/abs"));
        assertEquals(Optional.of("t"), ListRequest.under("a/").next("t").pageToken());
    }

    @Test
    void unknownSchemesAreUnsupported() {
        CollabException e = assertThrows(CollabException.class, () -> BucketStores.open("nope://x"));
        assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        assertTrue(e.hint().isPresent());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> BucketStores.open("::"))
                        .code());
    }
}
