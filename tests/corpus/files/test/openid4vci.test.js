  expect(issued).to.have.property('credential_identifier', 'UniversityDiplomaRecord-2024');
