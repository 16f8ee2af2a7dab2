// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "opendata/OpenDataPublisher.h"
#include "registers/MunicipalRegisterDefinition.h"

#include <QJsonObject>

namespace dms {

/** The DCAT-AP catalogue of the open data as JSON-LD: one dcat:Catalog, a
 *  dcat:Dataset per published register and a dcat:Distribution per format (CSV,
 *  JSON with dct:conformsTo its JSON Schema), each with accessURL, downloadURL,
 *  mediaType, format, licence and modified; controlled vocabularies of the EU
 *  Publications Office for language, file type, frequency and theme. */
class DcatCatalog
{
public:
    static QJsonObject build(const OpenDataPublisher &publisher,
                             const QList<MunicipalRegisterDefinition> &registers);
};

} // namespace dms
