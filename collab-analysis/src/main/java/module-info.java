/**
 * Board analysis of a collaboration: idea concentration (TF-IDF and Tribuo k-means) and unexplored techniques.
 */
module dev.agentcollab.analysis {
    requires transitive dev.agentcollab.api;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires org.tribuo.core;
    requires org.tribuo.math;
    requires org.tribuo.clustering.core;
    requires org.tribuo.clustering.kmeans;

    exports dev.agentcollab.analysis;

    opens dev.agentcollab.analysis to
            com.fasterxml.jackson.databind,
            info.picocli;
}
