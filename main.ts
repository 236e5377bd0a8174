// The cdktf app: one stack per environment file in environments/ (or $ENVIRONMENTS_DIR).
import { main } from './environment/app';

main();
