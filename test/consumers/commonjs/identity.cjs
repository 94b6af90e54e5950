// A CommonJS module and an ES module loading strict-redis in one process share one copy of every class.
const required = require('strict-redis');

import('strict-redis').then((imported) => {
  console.log(
    JSON.stringify({
      sameClass: imported.StrictRedis === required.StrictRedis,
      sameError: imported.RedisError === required.RedisError,
      instanceOf: new required.ConnectionError('x') instanceof imported.RedisError,
    }),
  );
});
