/**
 * A Java client for the Hugging Face Hub: identity and organisation members, buckets (info, creation, tree,
 * paths-info, batch, download), Xet storage upload and download, and HF Jobs.
 */
module dev.agentcollab.hf {
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.codec;
    requires org.apache.commons.compress;

    exports dev.agentcollab.hf;
    exports dev.agentcollab.hf.buckets;
    exports dev.agentcollab.hf.identity;
    exports dev.agentcollab.hf.jobs;
    exports dev.agentcollab.hf.xet;
}
