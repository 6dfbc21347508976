/**
 * Board analysis: clusters the collaboration's messages and result methods (TF-IDF features, Tribuo k-means) to
 * measure how concentrated its ideas are and to name known techniques nobody explores (the "agent collapse"
 * problem). Entry points: {@link dev.agentcollab.analysis.BoardAnalyzer} and the command
 * {@link dev.agentcollab.analysis.BoardAnalysisCommand}.
 *
 * <p>Tribuo logs through {@code java.util.logging}, each k-means iteration at INFO; an application that wants it
 * quiet routes it into its logging (e.g. SLF4J's {@code jul-to-slf4j}) and raises the level of {@code org.tribuo}, as
 * the {@code collab} command does.
 */
package dev.agentcollab.analysis;
