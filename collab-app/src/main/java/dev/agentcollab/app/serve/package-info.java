/**
 * {@code collab serve}: one YAML configuration file ({@link dev.agentcollab.app.serve.ServeConfig}, every key also
 * settable as {@code COLLAB_<KEY>}), the deployment it describes ({@link dev.agentcollab.app.serve.Deployment}:
 * store, identity, jobs, service, server, agent README) and the command that runs it until SIGTERM.
 */
package dev.agentcollab.app.serve;
