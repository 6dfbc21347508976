package dev.agentcollab.analysis;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Runs Tribuo k-means (cosine distance, k-means++ seeding, one thread) over sparse TF-IDF vectors. */
final class KMeansTopics {
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private KMeansTopics() {}

    /**
     * Assigns every vector to one of k clusters.
     *
     * @param vectors non-empty sparse vectors
     * @param k the number of clusters, 1..vectors.size()
     * @param iterations k-means iterations
     * @param seed the seed Tribuo's k-means++ uses
     * @return the cluster index of each vector, in order, each in [0, k)
     */
    static int[] assign(List<Map<String, Double>> vectors, int k, int iterations, long seed) {
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("board texts", EPOCH, factory), factory);
        List<Example<ClusterID>> examples = new ArrayList<>(vectors.size());
        for (Map<String, Double> v : vectors) {
            String[] names = v.keySet().toArray(String[]::new);
            double[] values =
                    v.values().stream().mapToDouble(Double::doubleValue).toArray();
            Example<ClusterID> ex = new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, values);
            examples.add(ex);
            data.add(ex);
        }
        KMeansTrainer trainer =
                new KMeansTrainer(k, iterations, new CosineDistance(), KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        KMeansModel model = trainer.train(data);
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = model.predict(examples.get(i)).getOutput().getID();
        }
        return out;
    }
}
