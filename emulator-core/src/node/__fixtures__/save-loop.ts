// Child process for the kill -9 test: saves A, B, A, B … over one file until killed, saying "saved" once.
import { writeFileAtomic } from '../atomic-write'

const [target, size] = [process.argv[2], Number(process.argv[3])]
const versions = ['a', 'b'].map((c) => c.repeat(size))
for (let i = 0; ; i++) {
  await writeFileAtomic(target, versions[i % 2])
  if (i === 0) process.stdout.write('saved\n')
}
