// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "opendata/DcatCatalog.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

/** Parses JSON-LD into RDF with rdflib and answers what the test asks with SPARQL. */
const QString kRdfQuery = QStringLiteral(
    "import json, sys\n"
    "try:\n"
    "    import rdflib\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "g = rdflib.Graph()\n"
    "g.parse(sys.argv[1], format='json-ld')\n"
    "def q(text):\n"
    "    return [[str(v) for v in row] for row in g.query('PREFIX dcat: <http://www.w3.org/ns/dcat#> '\n"
    "        'PREFIX dct: <http://purl.org/dc/terms/> ' + text)]\n"
    "out = {\n"
    " 'catalogs': q('SELECT ?c WHERE { ?c a dcat:Catalog ; dct:title ?t ; dct:description ?d ; dct:publisher "
    "?p }'),\n"
    " 'datasets': q('SELECT ?d ?id WHERE { ?c a dcat:Catalog ; dcat:dataset ?d . ?d a dcat:Dataset ; "
    "dct:identifier ?id ;'\n"
    "               ' dct:title ?t ; dct:description ?x ; dct:modified ?m }'),\n"
    " 'distributions': q('SELECT ?d ?url ?type ?lic ?mod WHERE { ?s a dcat:Dataset ; dcat:distribution ?d "
    ".'\n"
    "               ' ?d a dcat:Distribution ; dcat:accessURL ?a ; dcat:downloadURL ?url ; dcat:mediaType "
    "?type ;'\n"
    "               ' dct:license ?lic ; dct:modified ?mod } ORDER BY ?url'),\n"
    " 'schemas': q('SELECT ?s WHERE { ?d dct:conformsTo ?s }'),\n"
    "}\n"
    "sys.stdout.write(json.dumps(out))\n");

} // namespace

class tst_DcatCatalog : public QObject
{
    Q_OBJECT

private:
    static QJsonObject catalog()
    {
        OpenDataPublisher publisher;
        publisher.links.baseUrl = QStringLiteral("https://delovod.example.bg");
        publisher.name = QStringLiteral("Столична община");
        publisher.contactEmail = QStringLiteral("opendata@example.bg");
        MunicipalRegisterDefinition permits = OpenDataFixture::permitsDefinition();
        permits.createdAt = QDateTime(QDate(2026, 1, 5), QTime(8, 0), Qt::UTC);
        permits.modifiedAt = QDateTime(QDate(2026, 12, 3), QTime(15, 30), Qt::UTC);
        MunicipalRegisterDefinition hidden = permits;
        hidden.code = QStringLiteral("hidden");
        hidden.published = false;
        return DcatCatalog::build(publisher, {permits, hidden});
    }

private Q_SLOTS:
    void catalogHasTheRequiredProperties()
    {
        const QJsonObject root = catalog();
        QCOMPARE(root.value(QStringLiteral("@type")).toString(), QStringLiteral("dcat:Catalog"));
        QCOMPARE(root.value(QStringLiteral("@id")).toString(),
                 QStringLiteral("https://delovod.example.bg/opendata/catalog.jsonld"));
        for (const char *key :
             {"dct:title", "dct:description", "dct:publisher", "dct:modified", "dct:license"})
            QVERIFY2(root.contains(QLatin1String(key)), key);
        const QJsonArray datasets = root.value(QStringLiteral("dcat:dataset")).toArray();
        QCOMPARE(datasets.size(), 1); // the unpublished register is left out
        const QJsonObject dataset = datasets.at(0).toObject();
        QCOMPARE(dataset.value(QStringLiteral("dct:identifier")).toString(), QStringLiteral("permits"));
        const QJsonArray distributions = dataset.value(QStringLiteral("dcat:distribution")).toArray();
        QCOMPARE(distributions.size(), 2);
        for (const QJsonValue &value : distributions) {
            const QJsonObject distribution = value.toObject();
            for (const char *key : {"dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:license",
                                    "dct:modified", "dct:format"})
                QVERIFY2(distribution.contains(QLatin1String(key)), key);
        }
        QCOMPARE(distributions.at(0)
                     .toObject()
                     .value(QStringLiteral("dcat:downloadURL"))
                     .toObject()
                     .value(QStringLiteral("@id"))
                     .toString(),
                 QStringLiteral("https://delovod.example.bg/opendata/registers/permits.csv"));
        QVERIFY(!QJsonDocument(root).toJson().contains("hidden"));
    }

    void parsesAsRdf()
    {
        if (OpenDataFixture::python().isEmpty())
            QSKIP("python3 is not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("catalog.jsonld"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(catalog()).toJson());
        file.close();
        const auto run = OpenDataFixture::runPython(kRdfQuery, {path});
        if (run.exitCode == 77)
            QSKIP("python3-rdflib is not installed");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("catalogs")).toArray().size(), 1);
        const QJsonArray datasets = result.value(QStringLiteral("datasets")).toArray();
        QCOMPARE(datasets.size(), 1);
        QCOMPARE(datasets.at(0).toArray().at(1).toString(), QStringLiteral("permits"));
        const QJsonArray distributions = result.value(QStringLiteral("distributions")).toArray();
        QCOMPARE(distributions.size(), 2);
        const QJsonArray csv = distributions.at(0).toArray();
        QCOMPARE(csv.at(1).toString(),
                 QStringLiteral("https://delovod.example.bg/opendata/registers/permits.csv"));
        QCOMPARE(csv.at(2).toString(),
                 QStringLiteral("https://www.iana.org/assignments/media-types/text/csv"));
        QCOMPARE(csv.at(3).toString(), MunicipalRegisterDefinition::defaultLicense());
        // rdflib read it as an xsd:dateTime literal (and writes it in its own form).
        QCOMPARE(QDateTime::fromString(csv.at(4).toString(), Qt::ISODate),
                 QDateTime(QDate(2026, 12, 3), QTime(15, 30), Qt::UTC));
        QCOMPARE(result.value(QStringLiteral("schemas")).toArray().at(0).toArray().at(0).toString(),
                 QStringLiteral("https://delovod.example.bg/opendata/registers/permits.schema.json"));
    }
};

QTEST_GUILESS_MAIN(tst_DcatCatalog)
#include "tst_DcatCatalog.moc"
