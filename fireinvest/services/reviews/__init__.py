"""Expert reviews (专家论证): writing them up, concluding and superseding them, and the gate before a determination."""
