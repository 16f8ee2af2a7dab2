// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PdfChangeAnalyzer.h"

#include "core/Tr.h"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <cstring>

namespace dms {

namespace {

/** Back links that do not change what is shown: skipped when comparing. */
const std::set<std::string> s_backLinks {"/Parent", "/P"};

bool isSignatureField(QPDFObjectHandle field)
{
    for (int depth = 0; field.isDictionary() && depth < 32; ++depth) {
        if (field.hasKey("/FT"))
            return field.getKey("/FT").isName() && field.getKey("/FT").getName() == "/Sig";
        field = field.getKey("/Parent");
    }
    return false;
}

std::vector<QPDFObjectHandle> items(QPDFObjectHandle array)
{
    return array.isArray() ? array.getArrayAsVector() : std::vector<QPDFObjectHandle>();
}

/** The indirect objects reachable from @p object, back links left out. */
void collectReachable(QPDFObjectHandle object, std::set<QPDFObjGen> &seen)
{
    if (object.isIndirect()) {
        if (!seen.insert(object.getObjGen()).second)
            return;
    }
    if (object.isArray()) {
        for (auto &item : object.getArrayAsVector())
            collectReachable(item, seen);
    } else if (object.isDictionary() || object.isStream()) {
        QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
        for (const auto &key : dict.getKeys()) {
            if (!s_backLinks.count(key))
                collectReachable(dict.getKey(key), seen);
        }
    }
}

} // namespace

PdfChangeAnalyzer::PdfChangeAnalyzer(QPDF &signedRevision, QPDF &current)
    : m_signed(signedRevision)
    , m_current(current)
    , m_signedXref(signedRevision.getXRefTable())
    , m_currentXref(current.getXRefTable())
{ }

bool PdfChangeAnalyzer::isUnchanged(QPDFObjGen object) const
{
    const auto before = m_signedXref.find(object);
    const auto after = m_currentXref.find(object);
    if (before == m_signedXref.end() || after == m_currentXref.end())
        return false;
    const QPDFXRefEntry &a = before->second;
    const QPDFXRefEntry &b = after->second;
    if (a.getType() != b.getType())
        return false;
    if (a.getType() == 1)
        return a.getOffset() == b.getOffset();
    if (a.getType() == 2)
        return a.getObjStreamNumber() == b.getObjStreamNumber()
            && a.getObjStreamIndex() == b.getObjStreamIndex()
            && isUnchanged(QPDFObjGen(a.getObjStreamNumber(), 0));
    return false;
}

bool PdfChangeAnalyzer::isEqual(QPDFObjectHandle before, QPDFObjectHandle after)
{
    return isEqual(before, after, s_backLinks);
}

bool PdfChangeAnalyzer::isEqual(QPDFObjectHandle before, QPDFObjectHandle after,
                                const std::set<std::string> &skippedKeys)
{
    if (before.isIndirect() && after.isIndirect()) {
        const auto pair = std::make_pair(before.getObjGen(), after.getObjGen());
        const auto known = m_compared.find(pair);
        if (known != m_compared.end())
            return known->second; // true while in progress: a cycle adds no difference
        m_compared[pair] = true;
        // An object not redefined has the same bytes, but what it refers to may have changed.
        const bool sameBytes = before.getObjGen() == after.getObjGen() && isUnchanged(before.getObjGen());
        const bool equal = isEqualResolved(before, after, skippedKeys, sameBytes);
        m_compared[pair] = equal;
        return equal;
    }
    return isEqualResolved(before, after, skippedKeys, false);
}

bool PdfChangeAnalyzer::isEqualResolved(QPDFObjectHandle before, QPDFObjectHandle after,
                                        const std::set<std::string> &skippedKeys, bool sameBytes)
{
    if (before.getTypeCode() != after.getTypeCode())
        return false;
    if (before.isArray()) {
        const auto a = before.getArrayAsVector();
        const auto b = after.getArrayAsVector();
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!isEqual(a[i], b[i]))
                return false;
        }
        return true;
    }
    if (before.isStream()) {
        if (!isEqual(before.getDict(), after.getDict()))
            return false;
        if (sameBytes)
            return true;
        const auto a = before.getRawStreamData();
        const auto b = after.getRawStreamData();
        return a->getSize() == b->getSize() && std::memcmp(a->getBuffer(), b->getBuffer(), a->getSize()) == 0;
    }
    if (before.isDictionary()) {
        std::set<std::string> keys = before.getKeys();
        for (const auto &key : after.getKeys())
            keys.insert(key);
        for (const auto &key : keys) {
            if (skippedKeys.count(key))
                continue;
            if (before.hasKey(key) != after.hasKey(key) || !isEqual(before.getKey(key), after.getKey(key)))
                return false;
        }
        return true;
    }
    return before.unparseResolved() == after.unparseResolved();
}

int PdfChangeAnalyzer::docMdpPermission()
{
    QPDFObjectHandle docMdp = m_signed.getRoot().getKey("/Perms").getKey("/DocMDP");
    for (auto &reference : items(docMdp.getKey("/Reference"))) {
        QPDFObjectHandle p = reference.getKey("/TransformParams").getKey("/P");
        if (p.isInteger())
            return qBound(1, p.getIntValueAsInt(), 3);
    }
    return 2;
}

PdfChangeAnalyzer::Findings PdfChangeAnalyzer::analyze()
{
    Findings findings;
    const int permission = docMdpPermission();
    comparePages(findings);
    compareCatalog(findings);
    compareFields(findings, permission);
    findShadowContent(findings);
    if (permission == 1 && !findings.notes.isEmpty())
        findings.errors.append(
            Tr::tr("The certifying signature allows no change, but the document was changed."));
    return findings;
}

void PdfChangeAnalyzer::comparePages(Findings &findings)
{
    auto before = m_signed.getAllPages();
    auto after = m_current.getAllPages();
    if (before.size() != after.size()) {
        findings.errors.append(Tr::tr("Pages were added or removed after signing (%1 signed, %2 now).")
                                   .arg(before.size())
                                   .arg(after.size()));
        return;
    }
    const int permission = docMdpPermission();
    for (size_t i = 0; i < before.size(); ++i) {
        const int page = static_cast<int>(i) + 1;
        std::set<std::string> skipped = s_backLinks;
        skipped.insert("/Annots");
        if (!isEqual(before[i], after[i], skipped))
            findings.errors.append(Tr::tr("The content of page %1 was changed after signing.").arg(page));
        compareAnnotations(page, before[i].getKey("/Annots"), after[i].getKey("/Annots"), permission,
                           findings);
    }
}

void PdfChangeAnalyzer::compareAnnotations(int page, QPDFObjectHandle before, QPDFObjectHandle after,
                                           int permission, Findings &findings)
{
    auto signedAnnots = items(before);
    auto currentAnnots = items(after);
    std::set<QPDFObjGen> kept;
    for (size_t i = 0; i < signedAnnots.size(); ++i) {
        QPDFObjectHandle annot = signedAnnots[i];
        QPDFObjectHandle now;
        for (size_t j = 0; j < currentAnnots.size(); ++j) {
            const bool same = annot.isIndirect() ? currentAnnots[j].getObjGen() == annot.getObjGen() : j == i;
            if (same) {
                now = currentAnnots[j];
                break;
            }
        }
        if (!now.isInitialized()) {
            findings.errors.append(Tr::tr("An annotation was removed from page %1 after signing.").arg(page));
            continue;
        }
        if (now.isIndirect())
            kept.insert(now.getObjGen());
        if (isEqual(annot, now))
            continue;
        const bool widget
            = annot.getKey("/Subtype").isName() && annot.getKey("/Subtype").getName() == "/Widget";
        if (widget && !isSignatureField(annot) && permission >= 2)
            findings.warnings.append(
                Tr::tr("A form field on page %1 was filled in after signing.").arg(page));
        else
            findings.errors.append(Tr::tr("An annotation on page %1 was changed after signing.").arg(page));
    }
    for (size_t j = 0; j < currentAnnots.size(); ++j) {
        QPDFObjectHandle annot = currentAnnots[j];
        if (annot.isIndirect() ? kept.count(annot.getObjGen()) > 0 : j < signedAnnots.size())
            continue;
        const bool widget
            = annot.getKey("/Subtype").isName() && annot.getKey("/Subtype").getName() == "/Widget";
        if (widget && isSignatureField(annot))
            findings.notes.append(Tr::tr("A signature field was added to page %1 after signing.").arg(page));
        else if (!widget && permission == 3)
            findings.warnings.append(Tr::tr("An annotation was added to page %1 after signing.").arg(page));
        else
            findings.errors.append(Tr::tr("An annotation was added to page %1 after signing.").arg(page));
    }
}

void PdfChangeAnalyzer::compareCatalog(Findings &findings)
{
    QPDFObjectHandle before = m_signed.getRoot();
    QPDFObjectHandle after = m_current.getRoot();
    // The pages are compared one by one; the form fields separately; /DSS and
    // /Extensions belong to later signatures (PAdES B-LT, ISO 32000 extensions).
    const std::set<std::string> allowed {"/Pages", "/AcroForm", "/DSS", "/Extensions"};
    std::set<std::string> keys = before.getKeys();
    for (const auto &key : after.getKeys())
        keys.insert(key);
    for (const auto &key : keys) {
        if (allowed.count(key)
            || (before.hasKey(key) && after.hasKey(key) && isEqual(before.getKey(key), after.getKey(key))))
            continue;
        const QString name = QString::fromStdString(key);
        if (key == "/Metadata")
            findings.warnings.append(Tr::tr("The document metadata was changed after signing."));
        else
            findings.errors.append(
                Tr::tr("The document catalog entry %1 was changed after signing.").arg(name));
    }
}

void PdfChangeAnalyzer::compareFields(Findings &findings, int permission)
{
    auto before = items(m_signed.getRoot().getKey("/AcroForm").getKey("/Fields"));
    auto after = items(m_current.getRoot().getKey("/AcroForm").getKey("/Fields"));
    std::set<QPDFObjGen> current;
    for (auto &field : after) {
        if (field.isIndirect())
            current.insert(field.getObjGen());
    }
    std::set<QPDFObjGen> signedFields;
    for (auto &field : before) {
        if (!field.isIndirect())
            continue;
        signedFields.insert(field.getObjGen());
        if (!current.count(field.getObjGen())) {
            findings.errors.append(Tr::tr("A form field was removed after signing."));
            continue;
        }
        QPDFObjectHandle now = m_current.getObject(field.getObjGen());
        if (isSignatureField(field) && field.getKey("/V").isDictionary()
            && !isEqual(field.getKey("/V"), now.getKey("/V")))
            findings.errors.append(Tr::tr("A signature was replaced after signing."));
        else if (!isSignatureField(field) && !isEqual(field, now) && permission < 2)
            findings.errors.append(Tr::tr("A form field was changed after signing."));
    }
    for (auto &field : after) {
        if (field.isIndirect() && !signedFields.count(field.getObjGen()) && !isSignatureField(field))
            findings.errors.append(Tr::tr("A form field other than a signature was added after signing."));
    }
}

void PdfChangeAnalyzer::findShadowContent(Findings &findings)
{
    std::set<QPDFObjGen> shownBefore;
    for (auto &page : m_signed.getAllPages())
        collectReachable(page, shownBefore);
    std::set<QPDFObjGen> shownNow;
    for (auto &page : m_current.getAllPages())
        collectReachable(page, shownNow);
    bool hidden = false;
    bool replaced = false;
    for (const QPDFObjGen &object : shownNow) {
        if (!m_signedXref.count(object))
            continue; // new in a later revision: judged by the page and annotation checks
        if (!shownBefore.count(object))
            hidden = true;
        else if (!isUnchanged(object) && !replaced) {
            // Pages (their /Annots included) are judged by comparePages().
            QPDFObjectHandle before = m_signed.getObject(object);
            QPDFObjectHandle after = m_current.getObject(object);
            const bool page = before.isDictionaryOfType("/Page");
            replaced = !page && !isEqual(before, after);
        }
    }
    if (hidden)
        findings.errors.append(
            Tr::tr("Content that was present but not shown in the signed revision is shown now "
                   "(shadow attack: hide)."));
    if (replaced)
        findings.errors.append(Tr::tr("Objects shown in the signed revision were redefined after signing "
                                      "(shadow attack: replace)."));
}

} // namespace dms
