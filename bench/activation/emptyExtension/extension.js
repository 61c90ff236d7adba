// The activation reference: nothing to load, nothing to do.
exports.activate = function activate() {
  return undefined;
};
