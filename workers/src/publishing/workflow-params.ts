/** What each publish Workflow instance is created with; everything else it reads from the target's row. */
export type PublishWorkflowParams = { targetId: string }
