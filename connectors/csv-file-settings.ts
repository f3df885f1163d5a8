import { z } from 'zod'

/** A local file or folder path; relative paths resolve against the gateway's working directory. */
export const filePath = z.string().min(1, 'is required')
