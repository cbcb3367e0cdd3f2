import { describe, expect, it } from 'vitest'
import { jobHandlers } from './job-handlers'
import { jobTypes } from './job-types'

describe('job map', () => {
  it('has one handler per producer-side job type, on the queue producers send it to', () => {
    expect(Object.keys(jobHandlers).sort()).toEqual(Object.keys(jobTypes).sort())
    for (const [type, spec] of Object.entries(jobTypes)) expect(jobHandlers[type as keyof typeof jobTypes].queue, type).toBe(spec.queue)
  })
})
