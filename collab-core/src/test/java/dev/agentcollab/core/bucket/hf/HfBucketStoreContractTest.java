package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.testkit.contract.BucketStoreContract;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.junit.StartFakeHub;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the bucket store contract against {@link HfBucketStore} talking HTTP to the testkit's fake Hub, with small
 * tree pages so that the Hub's Link pagination is exercised under the store's own pages.
 */
class HfBucketStoreContractTest extends BucketStoreContract {
    @StartFakeHub(treePageSize = 4)
    static FakeHfHub hub;

    @BeforeAll
    static void users() {
        hub.addUser("ana", "hf_ana", Map.of("contract-org", "write"));
    }

    @Override
    protected BucketStore newStore() {
        HfHubClient client =
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build();
        return HfBucketStore.create(
                client,
                new HttpXetUploader(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30)),
                InstantSource.system());
    }
}
