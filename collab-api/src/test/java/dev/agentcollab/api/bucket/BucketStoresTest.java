package dev.agentcollab.api.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** Two providers for one scheme fail fast, naming both and the property that picks one. */
class BucketStoresTest {
    private static final String PROPERTY = BucketStores.PROVIDER_PROPERTY_PREFIX + "dup";

    @Test
    void twoProvidersForOneSchemeFailFastAndNameBoth() {
        CollabException e = assertThrows(CollabException.class, () -> BucketStores.provider("dup"));
        assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        assertTrue(e.getMessage().contains(DuplicateSchemeProviders.First.class.getName()));
        assertTrue(e.getMessage().contains(DuplicateSchemeProviders.Second.class.getName()));
        assertTrue(e.hint().orElseThrow().contains(PROPERTY));
    }

    @Test
    void aSystemPropertyPicksOneProvider() {
        System.setProperty(PROPERTY, DuplicateSchemeProviders.Second.class.getName());
        try {
            assertInstanceOf(DuplicateSchemeProviders.Second.class, BucketStores.provider("DUP"));
            System.setProperty(PROPERTY, "no.such.Provider");
            assertEquals(
                    ErrorCode.UNSUPPORTED_SCHEME,
                    assertThrows(CollabException.class, () -> BucketStores.provider("dup"))
                            .code());
        } finally {
            System.clearProperty(PROPERTY);
        }
    }
}
