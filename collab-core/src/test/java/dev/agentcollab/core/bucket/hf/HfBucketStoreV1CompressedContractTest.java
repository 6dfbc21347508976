package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.testkit.contract.BucketStoreContract;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.XorbCompression;
import dev.agentcollab.testkit.junit.StartFakeHub;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The bucket store contract against a fake Hub whose CAS has only the v1 API and serves every xorb as BG4-LZ4 with
 * linked blocks (what a file uploaded by huggingface.js looks like): the fallbacks and the decoder under the whole
 * contract.
 */
class HfBucketStoreV1CompressedContractTest extends BucketStoreContract {
    @StartFakeHub(treePageSize = 3)
    static FakeHfHub hub;

    @BeforeAll
    static void users() {
        hub.addUser("ana", "hf_ana", Map.of("contract-org", "write"));
        hub.disableCasV2();
        hub.serveXorbsCompressed(XorbCompression.BG4_LZ4_LINKED);
    }

    @Override
    protected BucketStore newStore() {
        HttpClient http = HttpClient.newHttpClient();
        return HfBucketStore.create(
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build(),
                new HttpXetUploader(http, Duration.ofSeconds(30)),
                new HttpXetDownloader(http, Duration.ofSeconds(30)),
                InstantSource.system());
    }
}
