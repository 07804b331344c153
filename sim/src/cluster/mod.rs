//! Kubernetes cluster model, scheduler and controllers.
