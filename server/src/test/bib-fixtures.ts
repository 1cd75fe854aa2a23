// A writer's bibliography for tests: BibTeX with one malformed entry, and a CSL-JSON library.

export const BIB = `% A writer's references
@report{unodc2023,
  author = {{United Nations Office on Drugs and Crime}},
  title = {Global Report on Cocaine: Trafficking Routes and Transnational Crime in the Americas},
  institution = {UNODC},
  year = {2023},
  keywords = {cocaine, trafficking, organized crime},
}

@article{ellis2022,
  author = {Ellis, R. Evan and Ortiz, Ana},
  title = {Chinese Engagement in {Latin America} and Hemispheric Security},
  journal = {Military Review},
  year = {2022},
}

@book{broken,
  title = {An entry whose brace never closes,
  year = {2020}

@misc{dhs2024,
  author = {{Department of Homeland Security}},
  title = {Migration Flows at the Southwest Border},
  year = {2024},
  abstract = {Encounters with migrants and border security trends.},
}
`;

export const CSL = JSON.stringify(
  [
    { id: 'worldbank2023', type: 'report', title: 'Homicide and Organized Violence in Central America', author: [{ literal: 'World Bank' }], issued: { 'date-parts': [[2023]] }, keyword: 'violence, homicide' },
    { id: 'oas2021', type: 'report', title: 'Hemispheric Cooperation Against Corruption', author: [{ family: 'Almagro', given: 'Luis' }], issued: { 'date-parts': [[2021, 5]] } },
  ],
  null,
  2,
);
