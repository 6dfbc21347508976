# The collab server in a container: builds the one runnable jar, then runs `collab serve`.
#   docker build -t collab .
#   docker run -p 8080:8080 -e HF_TOKEN -v $PWD/collab.yaml:/config/collab.yaml:ro collab
# The configuration is mounted at /config/collab.yaml (COLLAB_CONFIG names another path), or given entirely by
# COLLAB_* variables with COLLAB_CONFIG set empty. For a Hugging Face Docker Space, see docs/deploy.md.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY collab-bom collab-bom
COPY collab-api collab-api
COPY collab-testkit collab-testkit
COPY hf-hub-client hf-hub-client
COPY collab-core collab-core
COPY collab-inference collab-inference
COPY collab-analysis collab-analysis
COPY collab-app collab-app
RUN mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true -pl collab-app -am package

FROM eclipse-temurin:21-jre
RUN useradd --create-home --uid 1000 collab && mkdir -p /config /data && chown collab /data
COPY --from=build /src/collab-app/target/collab.jar /opt/collab/collab.jar
USER collab
# JAVA_OPTS: the server's heap and collector, and freed native memory returned to the OS every 10 s
# (docs/serve.md, "Memory"); -e JAVA_OPTS=... replaces them
ENV COLLAB_CONFIG=/config/collab.yaml \
    COLLAB_SERVER_HOST=0.0.0.0 \
    COLLAB_SERVER_PORT=8080 \
    JAVA_OPTS="-Xmx384m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=10000"
EXPOSE 8080
VOLUME ["/data"]
# exec: the JVM replaces the shell and gets SIGTERM, which runs the shutdown hook (in-flight requests finish);
# jdk.nio.maxCachedBufferSize caps NIO's per-thread direct copies of large buffers (docs/serve.md, "Memory")
ENTRYPOINT ["sh", "-c", "exec java -Djdk.nio.maxCachedBufferSize=262144 $JAVA_OPTS -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -jar /opt/collab/collab.jar \"$@\"", "collab"]
CMD ["serve"]
