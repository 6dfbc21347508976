/**
 * Board analysis: clusters the collaboration's messages and result methods (TF-IDF features, Tribuo k-means) to
 * measure how concentrated its ideas are and to name known techniques nobody explores (the "agent collapse"
 * problem). Entry points: {@link dev.agentcollab.analysis.BoardAnalyzer} and the command
 * {@link dev.agentcollab.analysis.BoardAnalysisCommand}.
 */
package dev.agentcollab.analysis;
