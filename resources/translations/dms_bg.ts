<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="bg_BG">
<context>
    <name>dms</name>
    <message>
        <source>Receipt of registration</source>
        <translation>Разписка за регистриране</translation>
    </message>
    <message>
        <source>Registration index</source>
        <translation>Регистрационен индекс</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Дата и час</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Относно</translation>
    </message>
    <message>
        <source>Number of pages</source>
        <translation>Брой страници</translation>
    </message>
    <message>
        <source>Keep this receipt: the registration index lets you follow your document.</source>
        <translation>Запазете тази разписка: с регистрационния индекс можете да проследите документа си.</translation>
    </message>
    <message>
        <source>There is no registration to print a receipt for.</source>
        <translation>Няма регистрация, за която да се отпечата разписка.</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>Разписка %1</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>Отпечатването не може да започне.</translation>
    </message>
    <message>
        <source>The receipt could not be printed.</source>
        <translation>Разписката не може да бъде отпечатана.</translation>
    </message>
    <message>
        <source>Reg. %1</source>
        <translation>Рег. %1</translation>
    </message>
    <message>
        <source>There is no registration to print a label for.</source>
        <translation>Няма регистрация, за която да се отпечата етикет.</translation>
    </message>
    <message>
        <source>Registration label</source>
        <translation>Регистрационен етикет</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Етикет %1</translation>
    </message>
    <message>
        <source>The label could not be printed.</source>
        <translation>Етикетът не може да бъде отпечатан.</translation>
    </message>
    <message>
        <source>Page %1 of &quot;%2&quot; is too large to import (%3 × %4 pixels).</source>
        <translation>Страница %1 от „%2“ е твърде голяма за внасяне (%3 × %4 пиксела).</translation>
    </message>
    <message>
        <source>There is no scanner &quot;%1&quot;.</source>
        <translation>Няма скенер „%1“.</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлове</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n файл</numerusform>
            <numerusform>%n файла</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing files has no option &quot;%1&quot;.</source>
        <translation>Внасянето на файлове няма опция „%1“.</translation>
    </message>
    <message>
        <source>The resolution must be between 10 and 2400 dpi.</source>
        <translation>Разделителната способност трябва да е между 10 и 2400 dpi.</translation>
    </message>
    <message>
        <source>Scanning was cancelled.</source>
        <translation>Сканирането е прекратено.</translation>
    </message>
    <message>
        <source>There are no more pages to import.</source>
        <translation>Няма повече страници за внасяне.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; does not exist.</source>
        <translation>Файлът „%1“ не съществува.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; cannot be read.</source>
        <translation>Файлът „%1“ не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; is empty.</source>
        <translation>Файлът „%1“ е празен.</translation>
    </message>
    <message>
        <source>The image file &quot;%1&quot; is damaged or truncated.</source>
        <translation>Файлът с изображение „%1“ е повреден или непълен.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PDF, JPEG, PNG or TIFF file.</source>
        <translation>„%1“ не е файл във формат PDF, JPEG, PNG или TIFF.</translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; is damaged or truncated.</source>
        <translation>PDF файлът „%1“ е повреден или непълен.</translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; is protected by a password.</source>
        <translation>PDF файлът „%1“ е защитен с парола.</translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; has no pages.</source>
        <translation>PDF файлът „%1“ няма страници.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; has more than %2 pages.</source>
        <translation>Файлът „%1“ има повече от %2 страници.</translation>
    </message>
    <message>
        <source>Not enough memory to import the page.</source>
        <translation>Няма достатъчно памет за внасяне на страницата.</translation>
    </message>
    <message>
        <source>No language is chosen for text recognition.</source>
        <translation>Не е избран език за разпознаване на текст.</translation>
    </message>
    <message>
        <source>The text recognition data for the language &quot;%1&quot; is missing. Install the package tesseract-ocr-%1.</source>
        <translation>Липсват данните за разпознаване на текст за езика „%1“. Инсталирайте пакета tesseract-ocr-%1.</translation>
    </message>
    <message>
        <source>No OCR engine is available.</source>
        <translation>Няма налична програма за разпознаване на текст (OCR).</translation>
    </message>
    <message>
        <source>No scanner driver is available.</source>
        <translation>Няма наличен драйвер за скенер.</translation>
    </message>
    <message>
        <source>The scanner has no flatbed.</source>
        <translation>Скенерът няма плоскостно стъкло.</translation>
    </message>
    <message>
        <source>The scanner has no document feeder.</source>
        <translation>Скенерът няма автоматично подаващо устройство.</translation>
    </message>
    <message>
        <source>The scanner cannot scan both sides.</source>
        <translation>Скенерът не може да сканира двустранно.</translation>
    </message>
    <message>
        <source>A scan profile needs a name.</source>
        <translation>Профилът за сканиране трябва да има име.</translation>
    </message>
    <message>
        <source>The resolution must be between 50 and 1200 dpi.</source>
        <translation>Разделителната способност трябва да е между 50 и 1200 dpi.</translation>
    </message>
    <message>
        <source>The JPEG quality must be between 1 and 100.</source>
        <translation>Качеството на JPEG трябва да е между 1 и 100.</translation>
    </message>
    <message>
        <source>The blank-page rule is out of range.</source>
        <translation>Правилото за празни страници е извън допустимите граници.</translation>
    </message>
    <message>
        <source>There is no scan profile &quot;%1&quot;.</source>
        <translation>Няма профил за сканиране „%1“.</translation>
    </message>
    <message>
        <source>The last scan profile cannot be removed.</source>
        <translation>Последният профил за сканиране не може да бъде премахнат.</translation>
    </message>
    <message>
        <source>There is no page %1 in the batch.</source>
        <translation>В партидата няма страница %1.</translation>
    </message>
    <message>
        <source>Pages are still being processed.</source>
        <translation>Страниците все още се обработват.</translation>
    </message>
    <message>
        <source>The batch has no pages to save.</source>
        <translation>В партидата няма страници за запазване.</translation>
    </message>
    <message>
        <source>The signature file must hold exactly one signature.</source>
        <translation>Файлът с подписа трябва да съдържа точно един подпис.</translation>
    </message>
    <message>
        <source>The signature file does not contain the signer&apos;s certificate.</source>
        <translation>Файлът с подписа не съдържа удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The document to sign cannot be read.</source>
        <translation>Документът за подписване не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The signature file cannot be written.</source>
        <translation>Файлът с подписа не може да бъде записан.</translation>
    </message>
    <message>
        <source>A SHA-256 digest has 32 bytes.</source>
        <translation>Хешът SHA-256 трябва да е 32 байта.</translation>
    </message>
    <message>
        <source>The signing certificate is not valid yet.</source>
        <translation>Удостоверението за подписване все още не е валидно.</translation>
    </message>
    <message>
        <source>The signing certificate has expired.</source>
        <translation>Удостоверението за подписване е изтекло.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Прекратено.</translation>
    </message>
    <message>
        <source>The certificate&apos;s key type is not supported for signing.</source>
        <translation>Видът на ключа на удостоверението не се поддържа за подписване.</translation>
    </message>
    <message>
        <source>The signature value is malformed.</source>
        <translation>Стойността на подписа е повредена.</translation>
    </message>
    <message>
        <source>The CAdES signature could not be built.</source>
        <translation>CAdES подписът не може да бъде съставен.</translation>
    </message>
    <message>
        <source>The certificate cannot be read.</source>
        <translation>Удостоверението не може да бъде прочетено.</translation>
    </message>
    <message>
        <source>The trusted certificates file cannot be read.</source>
        <translation>Файлът с доверените удостоверения не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The trusted certificates file holds no certificate.</source>
        <translation>Файлът с доверените удостоверения не съдържа удостоверение.</translation>
    </message>
    <message>
        <source>The time-stamping service address is not supported (only http:// is).</source>
        <translation>Адресът на услугата за удостоверяване на време не се поддържа (поддържа се само http://).</translation>
    </message>
    <message>
        <source>The time-stamping service did not answer in time.</source>
        <translation>Услугата за удостоверяване на време не отговори навреме.</translation>
    </message>
    <message>
        <source>The time-stamping service cannot be reached.</source>
        <translation>Няма връзка с услугата за удостоверяване на време.</translation>
    </message>
    <message>
        <source>The service address is not supported.</source>
        <translation>Адресът на услугата не се поддържа.</translation>
    </message>
    <message>
        <source>The request cannot be prepared.</source>
        <translation>Заявката не може да бъде подготвена.</translation>
    </message>
    <message>
        <source>The service did not answer in time.</source>
        <translation>Услугата не отговори навреме.</translation>
    </message>
    <message>
        <source>The service cannot be reached.</source>
        <translation>Няма връзка с услугата.</translation>
    </message>
    <message>
        <source>The service sent an empty answer.</source>
        <translation>Услугата върна празен отговор.</translation>
    </message>
    <message>
        <source>The signed byte range lies beyond the end of the file.</source>
        <translation>Подписаният диапазон от байтове излиза извън края на файла.</translation>
    </message>
    <message>
        <source>The space reserved for the signature is out of range.</source>
        <translation>Мястото, запазено за подписа, е извън допустимите граници.</translation>
    </message>
    <message>
        <source>The signing certificate is not valid at this time.</source>
        <translation>Удостоверението за подписване не е валидно в момента.</translation>
    </message>
    <message>
        <source>The PDF file cannot be read.</source>
        <translation>PDF файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The signed file cannot be written.</source>
        <translation>Подписаният файл не може да бъде записан.</translation>
    </message>
    <message>
        <source>The signature does not fit the space reserved for it.</source>
        <translation>Подписът не се побира в запазеното за него място.</translation>
    </message>
    <message>
        <source>The signed revision of the PDF file cannot be read.</source>
        <translation>Подписаната редакция на PDF файла не може да бъде прочетена.</translation>
    </message>
    <message>
        <source>The file is not a readable PDF document.</source>
        <translation>Файлът не е четим PDF документ.</translation>
    </message>
    <message>
        <source>The certifying signature allows no change, but the document was changed.</source>
        <translation>Удостоверяващият подпис не допуска промени, но документът е променен.</translation>
    </message>
    <message>
        <source>Pages were added or removed after signing (%1 signed, %2 now).</source>
        <translation>След подписването са добавени или премахнати страници (подписани %1, сега %2).</translation>
    </message>
    <message>
        <source>The content of page %1 was changed after signing.</source>
        <translation>Съдържанието на страница %1 е променено след подписването.</translation>
    </message>
    <message>
        <source>An annotation was removed from page %1 after signing.</source>
        <translation>След подписването от страница %1 е премахната анотация.</translation>
    </message>
    <message>
        <source>A form field on page %1 was filled in after signing.</source>
        <translation>След подписването е попълнено поле от формуляр на страница %1.</translation>
    </message>
    <message>
        <source>An annotation on page %1 was changed after signing.</source>
        <translation>След подписването е променена анотация на страница %1.</translation>
    </message>
    <message>
        <source>A signature field was added to page %1 after signing.</source>
        <translation>След подписването на страница %1 е добавено поле за подпис.</translation>
    </message>
    <message>
        <source>An annotation was added to page %1 after signing.</source>
        <translation>След подписването на страница %1 е добавена анотация.</translation>
    </message>
    <message>
        <source>The document metadata was changed after signing.</source>
        <translation>Метаданните на документа са променени след подписването.</translation>
    </message>
    <message>
        <source>The document catalog entry %1 was changed after signing.</source>
        <translation>Елементът %1 от каталога на документа е променен след подписването.</translation>
    </message>
    <message>
        <source>A form field was removed after signing.</source>
        <translation>След подписването е премахнато поле от формуляр.</translation>
    </message>
    <message>
        <source>A signature was replaced after signing.</source>
        <translation>След подписването е заменен подпис.</translation>
    </message>
    <message>
        <source>A form field was changed after signing.</source>
        <translation>След подписването е променено поле от формуляр.</translation>
    </message>
    <message>
        <source>A form field other than a signature was added after signing.</source>
        <translation>След подписването е добавено поле от формуляр, което не е поле за подпис.</translation>
    </message>
    <message>
        <source>Content that was present but not shown in the signed revision is shown now (shadow attack: hide).</source>
        <translation>Съдържание, което е присъствало, но не е било показано в подписаната редакция, сега се показва (атака „shadow“: скриване).</translation>
    </message>
    <message>
        <source>Objects shown in the signed revision were redefined after signing (shadow attack: replace).</source>
        <translation>Обекти, показани в подписаната редакция, са предефинирани след подписването (атака „shadow“: замяна).</translation>
    </message>
    <message>
        <source>The font for the visible signature has no glyph for &quot;%1&quot;.</source>
        <translation>Шрифтът за видимия подпис няма знак за „%1“.</translation>
    </message>
    <message>
        <source>The smartcard module %1 cannot be loaded.</source>
        <translation>Модулът за смарт карта %1 не може да бъде зареден.</translation>
    </message>
    <message>
        <source>%1 is not a smartcard (PKCS#11) module.</source>
        <translation>%1 не е модул за смарт карта (PKCS#11).</translation>
    </message>
    <message>
        <source>The signature could not be made.</source>
        <translation>Подписът не можа да бъде създаден.</translation>
    </message>
    <message>
        <source>The card was removed.</source>
        <translation>Картата е извадена.</translation>
    </message>
    <message>
        <source>The key of this certificate is not on the card.</source>
        <translation>Ключът на това удостоверение не е на картата.</translation>
    </message>
    <message>
        <source>This key cannot sign with the requested digest algorithm.</source>
        <translation>Този ключ не може да подписва с поискания алгоритъм за хеширане.</translation>
    </message>
    <message>
        <source>The key file is not a PKCS#12 file.</source>
        <translation>Файлът с ключа не е във формат PKCS#12.</translation>
    </message>
    <message>
        <source>The password of the key file is wrong.</source>
        <translation>Паролата на файла с ключа е грешна.</translation>
    </message>
    <message>
        <source>The key file cannot be read.</source>
        <translation>Файлът с ключа не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The key file does not hold a private key with its certificate.</source>
        <translation>Файлът с ключа не съдържа частен ключ заедно с удостоверението му.</translation>
    </message>
    <message>
        <source>The key file cannot be opened.</source>
        <translation>Файлът с ключа не може да бъде отворен.</translation>
    </message>
    <message>
        <source>A key and its certificate are needed.</source>
        <translation>Необходими са ключ и удостоверението към него.</translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate.</source>
        <translation>Частният ключ не съответства на удостоверението.</translation>
    </message>
    <message>
        <source>The digest has the wrong size.</source>
        <translation>Хешът е с неправилна дължина.</translation>
    </message>
    <message>
        <source>The signature could not be created.</source>
        <translation>Подписът не може да бъде създаден.</translation>
    </message>
    <message>
        <source>The file is not a Trusted List.</source>
        <translation>Файлът не е доверителен списък.</translation>
    </message>
    <message>
        <source>The Trusted List&apos;s signature is not valid or not by its configured signer.</source>
        <translation>Подписът на доверителния списък не е валиден или не е от настроения за него подписващ.</translation>
    </message>
    <message>
        <source>The Trusted List is malformed.</source>
        <translation>Доверителният списък е неправилно оформен.</translation>
    </message>
    <message>
        <source>The Trusted List file cannot be read.</source>
        <translation>Файлът с доверителния списък не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The XML document is too large.</source>
        <translation>XML документът е твърде голям.</translation>
    </message>
    <message>
        <source>The signature is not detached: it contains the signed document.</source>
        <translation>Подписът не е отделен: съдържа подписания документ.</translation>
    </message>
    <message>
        <source>The signature lacks the contentType (id-data) or messageDigest signed attribute.</source>
        <translation>В подписа липсва подписаният атрибут contentType (id-data) или messageDigest.</translation>
    </message>
    <message>
        <source>The signature uses a digest algorithm that is not accepted (%1); SHA-256 or stronger is required.</source>
        <translation>Подписът използва неприемлив алгоритъм за хеширане (%1); изисква се SHA-256 или по-силен.</translation>
    </message>
    <message>
        <source>The signed document cannot be read: %1</source>
        <translation>Подписаният документ не може да бъде прочетен: %1</translation>
    </message>
    <message>
        <source>The document has been changed after it was signed (its digest does not match the signature).</source>
        <translation>Документът е променен след подписването (хешът му не съвпада с подписа).</translation>
    </message>
    <message>
        <source>The signature value is not valid for the signer&apos;s certificate.</source>
        <translation>Стойността на подписа не е валидна за удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The signer&apos;s key (%1 bits) is too weak or of an unsupported type.</source>
        <translation>Ключът на подписващия (%1 бита) е твърде слаб или от неподдържан вид.</translation>
    </message>
    <message>
        <source>The signing-certificate attribute does not name the certificate in the signature.</source>
        <translation>Атрибутът signing-certificate не посочва удостоверението в подписа.</translation>
    </message>
    <message>
        <source>The signature lacks the signing-certificate-v2 attribute binding the signer&apos;s certificate.</source>
        <translation>В подписа липсва атрибутът signing-certificate-v2, който свързва удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The time-stamp is older than the signer&apos;s certificate.</source>
        <translation>Удостоверението за време е по-старо от удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The revocation of the time-stamping authority&apos;s certificate was not checked.</source>
        <translation>Не е проверено дали удостоверението на доставчика на удостоверения за време е прекратено.</translation>
    </message>
    <message>
        <source>The signature time-stamp could not be verified and was ignored; the certificates were checked at the current time.</source>
        <translation>Удостоверението за време на подписа не може да бъде проверено и е пренебрегнато; удостоверенията са проверени към текущия момент.</translation>
    </message>
    <message>
        <source>The signing time is the signer&apos;s own claim; no time-stamp proves it.</source>
        <translation>Времето на подписване е заявено от самия подписващ; не е доказано с удостоверение за време.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not meant for signatures (no nonRepudiation or digitalSignature key usage).</source>
        <translation>Удостоверението на подписващия не е предназначено за подписване (няма предназначение nonRepudiation или digitalSignature).</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate lacks the nonRepudiation key usage required for qualified signatures.</source>
        <translation>Удостоверението на подписващия няма предназначението nonRepudiation, което се изисква за квалифицирани подписи.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate</source>
        <translation>Удостоверението на подписващия</translation>
    </message>
    <message>
        <source>The certificate authority &quot;%1&quot;</source>
        <translation>Удостоверението на удостоверяващия орган „%1“</translation>
    </message>
    <message>
        <source>%1 is not revoked (%2, issued %3).</source>
        <translation>%1 не е прекратено (%2, издадено на %3).</translation>
    </message>
    <message>
        <source>%1 is suspended (on hold) since %2.</source>
        <translation>%1 е спряно от %2.</translation>
    </message>
    <message>
        <source>%1 was revoked on %2, after the time-stamp proves the signature was made.</source>
        <translation>%1 е прекратено на %2, след момента, към който удостоверението за време доказва, че подписът е положен.</translation>
    </message>
    <message>
        <source>%1 was revoked on %2.</source>
        <translation>%1 е прекратено на %2.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was revoked on %1, before the signature was made.</source>
        <translation>Удостоверението на подписващия е прекратено на %1, преди подписът да бъде положен.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was revoked on %1 and no time-stamp proves the signature was made earlier.</source>
        <translation>Удостоверението на подписващия е прекратено на %1 и няма удостоверение за време, което да доказва, че подписът е положен по-рано.</translation>
    </message>
    <message>
        <source>%1 had expired when its revocation data was issued; that data proves nothing.</source>
        <translation>%1 е било изтекло, когато са издадени данните за прекратяването му; тези данни не доказват нищо.</translation>
    </message>
    <message>
        <source>The certificate claims to be qualified but lacks the nonRepudiation key usage.</source>
        <translation>Удостоверението е обявено за квалифицирано, но няма предназначението nonRepudiation.</translation>
    </message>
    <message>
        <source>The certificate&apos;s qualified status has not been confirmed against a Trusted List (none configured); the level is at most AdES-QC.</source>
        <translation>Квалифицираният статус на удостоверението не е потвърден чрез доверителен списък (не е настроен такъв); нивото е най-много AdES-QC.</translation>
    </message>
    <message>
        <source>The key is not declared to be in a qualified signature creation device (QcSSCD).</source>
        <translation>Не е декларирано, че ключът се намира в квалифицирано устройство за създаване на подпис (QcSSCD).</translation>
    </message>
    <message>
        <source>The Trusted List does not list the issuer as a qualified service at the signing time.</source>
        <translation>Доверителният списък не посочва издателя като квалифицирана услуга към момента на подписване.</translation>
    </message>
    <message>
        <source>The issuer is not on the Trusted List; the qualified status is the certificate&apos;s own claim.</source>
        <translation>Издателят не е в доверителния списък; квалифицираният статус е само заявен в удостоверението.</translation>
    </message>
    <message>
        <source>The revocation service address is not supported.</source>
        <translation>Адресът на услугата за проверка на статуса на удостоверенията не се поддържа.</translation>
    </message>
    <message>
        <source>The revocation service did not answer in time.</source>
        <translation>Услугата за проверка на статуса на удостоверенията не отговори навреме.</translation>
    </message>
    <message>
        <source>The revocation service cannot be reached.</source>
        <translation>Няма връзка с услугата за проверка на статуса на удостоверенията.</translation>
    </message>
    <message>
        <source>The XML could not be canonicalised.</source>
        <translation>XML не можа да бъде канонизиран.</translation>
    </message>
    <message>
        <source>No element has the id to be signed.</source>
        <translation>Няма елемент с идентификатора, който трябва да бъде подписан.</translation>
    </message>
    <message>
        <source>The id to be signed occurs more than once.</source>
        <translation>Идентификаторът за подписване се среща повече от веднъж.</translation>
    </message>
    <message>
        <source>The signed XML could not be written.</source>
        <translation>Подписаният XML не можа да бъде записан.</translation>
    </message>
    <message>
        <source>The XML document is not signed.</source>
        <translation>XML документът не е подписан.</translation>
    </message>
    <message>
        <source>The XML document has more than one signature.</source>
        <translation>XML документът има повече от един подпис.</translation>
    </message>
    <message>
        <source>The signature lacks SignedInfo or SignatureValue.</source>
        <translation>В подписа липсва SignedInfo или SignatureValue.</translation>
    </message>
    <message>
        <source>The signature&apos;s canonicalisation method is missing or not accepted.</source>
        <translation>Методът за канонизиране на подписа липсва или не е приемлив.</translation>
    </message>
    <message>
        <source>The signature algorithm is not supported (%1).</source>
        <translation>Алгоритъмът на подписа не се поддържа (%1).</translation>
    </message>
    <message>
        <source>SignedInfo holds an unexpected element.</source>
        <translation>SignedInfo съдържа неочакван елемент.</translation>
    </message>
    <message>
        <source>A certificate in the signature&apos;s KeyInfo is malformed.</source>
        <translation>Удостоверение в KeyInfo на подписа е неправилно оформено.</translation>
    </message>
    <message>
        <source>The signature does not carry the signer&apos;s certificate (KeyInfo/X509Data).</source>
        <translation>Подписът не съдържа удостоверението на подписващия (KeyInfo/X509Data).</translation>
    </message>
    <message>
        <source>A signature reference points outside the document (%1).</source>
        <translation>Препратка в подписа сочи извън документа (%1).</translation>
    </message>
    <message>
        <source>The signed element &quot;%1&quot; is not in the document.</source>
        <translation>Подписаният елемент „%1“ не е в документа.</translation>
    </message>
    <message>
        <source>The id &quot;%1&quot; occurs more than once in the document (a signature wrapping attempt).</source>
        <translation>Идентификаторът „%1“ се среща повече от веднъж в документа (опит за атака чрез обвиване на подписа).</translation>
    </message>
    <message>
        <source>The signed properties reference does not point to this signature&apos;s SignedProperties.</source>
        <translation>Препратката към подписаните свойства не сочи към SignedProperties на този подпис.</translation>
    </message>
    <message>
        <source>The signature is not enveloped by the element it signs (it was moved, or the document was wrapped).</source>
        <translation>Подписът не е вграден в елемента, който подписва (бил е преместен или документът е обвит).</translation>
    </message>
    <message>
        <source>A signature reference uses an unknown digest algorithm (%1).</source>
        <translation>Препратка в подписа използва непознат алгоритъм за хеширане (%1).</translation>
    </message>
    <message>
        <source>The signature uses SHA-1, which is no longer accepted.</source>
        <translation>Подписът използва SHA-1, който вече не се приема.</translation>
    </message>
    <message>
        <source>A digest value in the signature is not valid base64.</source>
        <translation>Стойност на хеш в подписа не е валиден base64.</translation>
    </message>
    <message>
        <source>The signed properties have been changed after signing.</source>
        <translation>Подписаните свойства са променени след подписването.</translation>
    </message>
    <message>
        <source>The signature must have exactly one reference to the signed content.</source>
        <translation>Подписът трябва да има точно една препратка към подписаното съдържание.</translation>
    </message>
    <message>
        <source>The signature must cover the whole document (reference URI=&quot;&quot;) and be the last element of the document.</source>
        <translation>Подписът трябва да обхваща целия документ (препратка URI=&quot;&quot;) и да е последният елемент на документа.</translation>
    </message>
    <message>
        <source>Only part of the document (the element &quot;%1&quot;) is signed.</source>
        <translation>Подписана е само част от документа (елементът „%1“).</translation>
    </message>
    <message>
        <source>The signature value is not valid base64.</source>
        <translation>Стойността на подписа не е валиден base64.</translation>
    </message>
    <message>
        <source>The XML parser could not be created.</source>
        <translation>XML анализаторът не можа да бъде създаден.</translation>
    </message>
    <message>
        <source>The XML document has a document type declaration (DTD), which is not accepted.</source>
        <translation>XML документът съдържа декларация за тип на документа (DTD), която не се приема.</translation>
    </message>
    <message>
        <source>The XML document is malformed.</source>
        <translation>XML документът е неправилно оформен.</translation>
    </message>
    <message>
        <source>The document to send is not known.</source>
        <translation>Документът за изпращане не е известен.</translation>
    </message>
    <message>
        <source>The recipient must be a participant&apos;s GUID.</source>
        <translation>Получателят трябва да е GUID на участник.</translation>
    </message>
    <message>
        <source>The document was not sent to this participant.</source>
        <translation>Документът не е изпращан до този участник.</translation>
    </message>
    <message>
        <source>Only a document whose sending failed can be sent again; this one was delivered.</source>
        <translation>Повторно може да се изпрати само документ, чието изпращане е неуспешно; този е доставен.</translation>
    </message>
    <message>
        <source>A file of the document cannot be read.</source>
        <translation>Файл на документа не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The document to send is not registered here.</source>
        <translation>Документът за изпращане не е регистриран тук.</translation>
    </message>
    <message>
        <source>An annulled registration cannot be sent.</source>
        <translation>Анулирана регистрация не може да бъде изпратена.</translation>
    </message>
    <message>
        <source>The recipient is not in the exchange registry.</source>
        <translation>Получателят не е в регистъра на участниците в обмена.</translation>
    </message>
    <message>
        <source>The participant is not active in the exchange registry.</source>
        <translation>Участникът не е активен в регистъра на СЕОС.</translation>
    </message>
    <message>
        <source>The message is too large.</source>
        <translation>Съобщението е твърде голямо.</translation>
    </message>
    <message>
        <source>The message cannot be read.</source>
        <translation>Съобщението не може да бъде прочетено.</translation>
    </message>
    <message>
        <source>The reply does not come from the recipient.</source>
        <translation>Отговорът не идва от получателя.</translation>
    </message>
    <message>
        <source>The reply is not signed.</source>
        <translation>Отговорът не е подписан.</translation>
    </message>
    <message>
        <source>The reply is signed by another certificate.</source>
        <translation>Отговорът е подписан с друго удостоверение.</translation>
    </message>
    <message>
        <source>The reply could not be processed.</source>
        <translation>Отговорът не можа да бъде обработен.</translation>
    </message>
    <message>
        <source>The message to send is missing.</source>
        <translation>Съобщението за изпращане липсва.</translation>
    </message>
    <message>
        <source>The message cannot be written.</source>
        <translation>Съобщението не може да бъде записано.</translation>
    </message>
    <message>
        <source>The received message is not available.</source>
        <translation>Полученото съобщение не е налично.</translation>
    </message>
    <message>
        <source>The message does not match the exchange schema.</source>
        <translation>Съобщението не отговаря на схемата за обмен.</translation>
    </message>
    <message>
        <source>The message cannot be received.</source>
        <translation>Съобщението не може да бъде получено.</translation>
    </message>
    <message>
        <source>The message is not well-formed XML.</source>
        <translation>Съобщението не е правилно оформен XML.</translation>
    </message>
    <message>
        <source>The message is larger than allowed.</source>
        <translation>Съобщението е по-голямо от допустимото.</translation>
    </message>
    <message>
        <source>The message carries a document type declaration.</source>
        <translation>Съобщението съдържа декларация за тип на документа (DTD).</translation>
    </message>
    <message>
        <source>The exchange message could not be written.</source>
        <translation>Съобщението за обмен не можа да бъде записано.</translation>
    </message>
    <message>
        <source>An attachment file cannot be read.</source>
        <translation>Файлът на приложението не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The participant registry could not be reached.</source>
        <translation>Няма връзка с регистъра на участниците.</translation>
    </message>
    <message>
        <source>The participant registry answered with an invalid reply.</source>
        <translation>Регистърът на участниците върна невалиден отговор.</translation>
    </message>
    <message>
        <source>No date to ask the participant registry for changes.</source>
        <translation>Не е зададена дата, от която да се поискат промените от регистъра на участниците.</translation>
    </message>
    <message>
        <source>The participant registry reported an error.</source>
        <translation>Регистърът на участниците съобщи за грешка.</translation>
    </message>
    <message>
        <source>The participant registry file is not valid.</source>
        <translation>Файлът с регистъра на участниците не е валиден.</translation>
    </message>
    <message>
        <source>The message signature is not valid.</source>
        <translation>Подписът на съобщението не е валиден.</translation>
    </message>
    <message>
        <source>The SOAP envelope is not acceptable.</source>
        <translation>SOAP пликът не е приемлив.</translation>
    </message>
    <message>
        <source>The peer answered with a SOAP fault.</source>
        <translation>Отсрещната страна отговори със SOAP грешка.</translation>
    </message>
    <message>
        <source>The document was already received.</source>
        <translation>Документът вече е получен.</translation>
    </message>
    <message>
        <source>The document is not waiting for registration.</source>
        <translation>Документът не очаква регистриране.</translation>
    </message>
    <message>
        <source>The document&apos;s exchange status cannot change that way.</source>
        <translation>Състоянието на обмена на документа не може да се промени по този начин.</translation>
    </message>
    <message>
        <source>The message was already received.</source>
        <translation>Съобщението вече е получено.</translation>
    </message>
    <message>
        <source>Only a failed outbox entry can be resent.</source>
        <translation>Повторно може да бъде изпратено само неуспешно изходящо съобщение.</translation>
    </message>
    <message>
        <source>No document with this GUID was sent to the participant.</source>
        <translation>На участника не е изпращан документ с този GUID.</translation>
    </message>
    <message>
        <source>A participant record is incomplete.</source>
        <translation>Запис за участник е непълен.</translation>
    </message>
    <message>
        <source>The participant is not in the exchange registry.</source>
        <translation>Участникът не е в регистъра на СЕОС.</translation>
    </message>
    <message>
        <source>The participant&apos;s identifier does not match the exchange registry.</source>
        <translation>Идентификаторът на участника не съответства на регистъра на СЕОС.</translation>
    </message>
    <message>
        <source>The exchange schemas could not be loaded.</source>
        <translation>Схемите за обмен не можаха да бъдат заредени.</translation>
    </message>
    <message>
        <source>The endpoint address is not an https URL.</source>
        <translation>Адресът на крайната точка не е https URL.</translation>
    </message>
    <message>
        <source>The transport certificate files cannot be used.</source>
        <translation>Файловете с транспортното удостоверение не могат да бъдат използвани.</translation>
    </message>
    <message>
        <source>The other administration could not be reached.</source>
        <translation>Няма връзка с другата администрация.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate does not chain to a trusted certificate authority.</source>
        <translation>Удостоверението на подписващия не води до доверен доставчик на удостоверителни услуги.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate had expired at %1 and no time-stamp proves the signature existed earlier.</source>
        <translation>Удостоверението на подписващия е било изтекло към %1 и няма удостоверение за време, което да доказва, че подписът е съществувал по-рано.</translation>
    </message>
    <message>
        <source>A certificate authority&apos;s certificate in the chain had expired at %1.</source>
        <translation>Удостоверение на удостоверяващ орган във веригата е било изтекло към %1.</translation>
    </message>
    <message>
        <source>A certificate in the chain was not yet valid at %1.</source>
        <translation>Удостоверение във веригата все още не е било валидно към %1.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate chain is not valid: %1.</source>
        <translation>Веригата от удостоверения на подписващия не е валидна: %1.</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Деловодител</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Служител</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Одитор</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>Нямате право да извършите това действие.</translation>
    </message>
    <message>
        <source>The audit journal is damaged.</source>
        <translation>Одитният журнал е повреден.</translation>
    </message>
    <message>
        <source>New Year&apos;s Day</source>
        <translation>Нова година</translation>
    </message>
    <message>
        <source>Liberation Day</source>
        <translation>Ден на Освобождението на България от османско иго</translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation>Ден на труда и на международната работническа солидарност</translation>
    </message>
    <message>
        <source>St George&apos;s Day, Day of the Bulgarian Army</source>
        <translation>Гергьовден, Ден на храбростта и Българската армия</translation>
    </message>
    <message>
        <source>Day of Bulgarian Education and Culture and Slavonic Literature</source>
        <translation>Ден на светите братя Кирил и Методий, на българската азбука, просвета и култура и на славянската книжовност</translation>
    </message>
    <message>
        <source>Unification Day</source>
        <translation>Ден на Съединението</translation>
    </message>
    <message>
        <source>Independence Day</source>
        <translation>Ден на Независимостта на България</translation>
    </message>
    <message>
        <source>Christmas Eve</source>
        <translation>Бъдни вечер</translation>
    </message>
    <message>
        <source>Christmas</source>
        <translation>Коледа</translation>
    </message>
    <message>
        <source>Good Friday</source>
        <translation>Разпети петък</translation>
    </message>
    <message>
        <source>Holy Saturday</source>
        <translation>Велика събота</translation>
    </message>
    <message>
        <source>Easter Sunday</source>
        <translation>Великден</translation>
    </message>
    <message>
        <source>Easter Monday</source>
        <translation>Великден (понеделник)</translation>
    </message>
    <message>
        <source>Day off in lieu of %1</source>
        <translation>Почивен ден за %1</translation>
    </message>
    <message>
        <source>Non-working day</source>
        <translation>Неработен ден</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Гражданин</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Фирма</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Администрация</translation>
    </message>
    <message>
        <source>A personal number (ЕГН) consists of exactly 10 digits.</source>
        <translation>ЕГН се състои от точно 10 цифри.</translation>
    </message>
    <message>
        <source>The personal number (ЕГН) does not begin with a valid date of birth.</source>
        <translation>ЕГН не започва с валидна дата на раждане.</translation>
    </message>
    <message>
        <source>The personal number (ЕГН) is mistyped: its check digit does not match.</source>
        <translation>Грешка в ЕГН: контролната цифра не съвпада.</translation>
    </message>
    <message>
        <source>Internal error.</source>
        <translation>Вътрешна грешка.</translation>
    </message>
    <message>
        <source>A company or BULSTAT code (ЕИК) consists of exactly 9 or 13 digits.</source>
        <translation>ЕИК (код по БУЛСТАТ) се състои от точно 9 или 13 цифри.</translation>
    </message>
    <message>
        <source>The company code (ЕИК) is mistyped: its ninth digit does not match.</source>
        <translation>Грешка в ЕИК: деветата (контролна) цифра не съвпада.</translation>
    </message>
    <message>
        <source>The branch code (ЕИК) is mistyped: its thirteenth digit does not match.</source>
        <translation>Грешка в ЕИК на клона: тринадесетата (контролна) цифра не съвпада.</translation>
    </message>
    <message>
        <source>The registration index format is not valid: %1</source>
        <translation>Форматът на регистрационния индекс е невалиден: %1</translation>
    </message>
    <message>
        <source>it has no {number}</source>
        <translation>липсва {number}</translation>
    </message>
    <message>
        <source>it has no {/sub}</source>
        <translation>липсва {/sub}</translation>
    </message>
    <message>
        <source>it has no {register}</source>
        <translation>липсва {register}</translation>
    </message>
    <message>
        <source>it has no year</source>
        <translation>липсва година</translation>
    </message>
    <message>
        <source>it has an unknown placeholder</source>
        <translation>съдържа непознато поле</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящ</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Изходящ</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Вътрешен</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заповеди</translation>
    </message>
    <message>
        <source>At the counter</source>
        <translation>На гише</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>По пощата</translation>
    </message>
    <message>
        <source>By e-mail</source>
        <translation>По електронна поща</translation>
    </message>
    <message>
        <source>СЕОС</source>
        <translation>СЕОС</translation>
    </message>
    <message>
        <source>ССЕВ</source>
        <translation>ССЕВ</translation>
    </message>
    <message>
        <source>E-service</source>
        <translation>Електронна услуга</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>Публичен</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>Ограничен</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation>Анулиран</translation>
    </message>
    <message>
        <source>The search text is too long (at most %1 characters).</source>
        <translation>Текстът за търсене е твърде дълъг (най-много %1 знака).</translation>
    </message>
    <message>
        <source>A search word is too long (at most %1 characters).</source>
        <translation>Дума за търсене е твърде дълга (най-много %1 знака).</translation>
    </message>
    <message>
        <source>Too many search words (at most %1).</source>
        <translation>Твърде много думи за търсене (най-много %1).</translation>
    </message>
    <message>
        <source>The date is not valid.</source>
        <translation>Датата е невалидна.</translation>
    </message>
    <message>
        <source>The year is not valid.</source>
        <translation>Годината е невалидна.</translation>
    </message>
    <message>
        <source>The calendar covers the years %1 to %2.</source>
        <translation>Календарът обхваща годините от %1 до %2.</translation>
    </message>
    <message>
        <source>The calendar holds a date that is not valid.</source>
        <translation>Календарът съдържа невалидна дата.</translation>
    </message>
    <message>
        <source>The note is too long (at most %1 characters).</source>
        <translation>Бележката е твърде дълга (най-много %1 знака).</translation>
    </message>
    <message numerus="yes">
        <source>The case file has %n open resolution(s); complete or cancel them first.</source>
        <translation>
            <numerusform>Преписката има %n неприключена резолюция; първо я изпълнете или отменете.</numerusform>
            <numerusform>Преписката има %n неприключени резолюции; първо ги изпълнете или отменете.</numerusform>
        </translation>
    </message>
    <message>
        <source>The year must be between %1 and %2.</source>
        <translation>Годината трябва да е между %1 и %2.</translation>
    </message>
    <message>
        <source>The code is required.</source>
        <translation>Кодът е задължителен.</translation>
    </message>
    <message>
        <source>A code is up to %1 letters and digits, in groups joined by &apos;.&apos;, &apos;-&apos; or &apos;/&apos;.</source>
        <translation>Кодът се състои от най-много %1 букви и цифри в групи, свързани с „.“, „-“ или „/“.</translation>
    </message>
    <message>
        <source>The title is required.</source>
        <translation>Наименованието е задължително.</translation>
    </message>
    <message>
        <source>The title is too long (at most %1 characters).</source>
        <translation>Наименованието е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>The retention period must be between 1 and %1 years.</source>
        <translation>Срокът на съхранение трябва да е между 1 и %1 години.</translation>
    </message>
    <message>
        <source>A heading is kept either for a number of years or permanently, not both.</source>
        <translation>Позицията се съхранява или определен брой години, или постоянно, но не и двете.</translation>
    </message>
    <message>
        <source>Give the retention period in years or mark the heading as permanent.</source>
        <translation>Посочете срока на съхранение в години или отбележете позицията като постоянно съхранявана.</translation>
    </message>
    <message>
        <source>The %1 is longer than %2 characters.</source>
        <translation>Полето „%1“ е по-дълго от %2 знака.</translation>
    </message>
    <message>
        <source>The %1 contains control characters.</source>
        <translation>Полето „%1“ съдържа управляващи знаци.</translation>
    </message>
    <message>
        <source>The correspondent needs a name.</source>
        <translation>Името на кореспондента е задължително.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>име</translation>
    </message>
    <message>
        <source>address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>телефон</translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation>електронна поща</translation>
    </message>
    <message>
        <source>The e-mail address is not valid; write it as name@example.bg.</source>
        <translation>Адресът на електронната поща е невалиден; въведете го във вида name@example.bg.</translation>
    </message>
    <message>
        <source>Only a citizen has a personal number (ЕГН).</source>
        <translation>Само гражданин може да има ЕГН.</translation>
    </message>
    <message>
        <source>A citizen has no ЕИК; register a company or sole trader as a company.</source>
        <translation>Гражданинът няма ЕИК; въведете дружество или едноличен търговец като фирма.</translation>
    </message>
    <message>
        <source>A company needs its ЕИК.</source>
        <translation>За фирма е задължителен ЕИК.</translation>
    </message>
    <message>
        <source>An administration needs its ЕИК (БУЛСТАТ code).</source>
        <translation>За администрация е задължителен ЕИК (код по БУЛСТАТ).</translation>
    </message>
    <message>
        <source>Only an administration has a СЕОС address.</source>
        <translation>Само администрация може да има адрес в СЕОС.</translation>
    </message>
    <message>
        <source>The СЕОС address must be a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.</source>
        <translation>Адресът в СЕОС трябва да е GUID, например 0f8fad5b-d9cb-469f-a165-70867728950e.</translation>
    </message>
    <message>
        <source>A correspondent with this personal number (ЕГН) is already registered.</source>
        <translation>Вече има въведен кореспондент с това ЕГН.</translation>
    </message>
    <message>
        <source>A correspondent with this ЕИК is already registered.</source>
        <translation>Вече има въведен кореспондент с този ЕИК.</translation>
    </message>
    <message>
        <source>A correspondent with this СЕОС address is already registered.</source>
        <translation>Вече има въведен кореспондент с този адрес в СЕОС.</translation>
    </message>
    <message>
        <source>No such correspondent.</source>
        <translation>Няма такъв кореспондент.</translation>
    </message>
    <message>
        <source>Enter the personal number (ЕГН) in full; a masked number cannot be stored.</source>
        <translation>Въведете ЕГН изцяло; частично скрит номер не може да бъде записан.</translation>
    </message>
    <message>
        <source>Enter a personal number (ЕГН), an ЕИК or a СЕОС address.</source>
        <translation>Въведете ЕГН, ЕИК или адрес в СЕОС.</translation>
    </message>
    <message>
        <source>No correspondent has this identifier.</source>
        <translation>Няма кореспондент с този идентификатор.</translation>
    </message>
    <message>
        <source>Ask for 1 to %1 correspondents.</source>
        <translation>Заявете от 1 до %1 кореспонденти.</translation>
    </message>
    <message>
        <source>This correspondent has no personal number (ЕГН).</source>
        <translation>Кореспондентът няма ЕГН.</translation>
    </message>
    <message>
        <source>No such document.</source>
        <translation>Няма такъв документ.</translation>
    </message>
    <message>
        <source>No such register.</source>
        <translation>Няма такъв регистър.</translation>
    </message>
    <message>
        <source>This register is closed.</source>
        <translation>Регистърът е закрит.</translation>
    </message>
    <message>
        <source>No such case file.</source>
        <translation>Няма такава преписка.</translation>
    </message>
    <message>
        <source>The case file is closed.</source>
        <translation>Преписката е приключена.</translation>
    </message>
    <message>
        <source>Could not issue a registration number.</source>
        <translation>Не може да бъде издаден регистрационен номер.</translation>
    </message>
    <message>
        <source>The %1 code must be 1 to 12 letters or digits.</source>
        <translation>Кодът на %1 трябва да съдържа от 1 до 12 букви или цифри.</translation>
    </message>
    <message>
        <source>registry</source>
        <translation>регистратурата</translation>
    </message>
    <message>
        <source>The registry needs a name.</source>
        <translation>Наименованието на регистратурата е задължително.</translation>
    </message>
    <message>
        <source>register</source>
        <translation>регистъра</translation>
    </message>
    <message>
        <source>The register needs a name.</source>
        <translation>Наименованието на регистъра е задължително.</translation>
    </message>
    <message>
        <source>The registry already has a register with this code.</source>
        <translation>В регистратурата вече има регистър с този код.</translation>
    </message>
    <message>
        <source>No such registry.</source>
        <translation>Няма такава регистратура.</translation>
    </message>
    <message>
        <source>No such user.</source>
        <translation>Няма такъв потребител.</translation>
    </message>
    <message>
        <source>%1 is not an active user.</source>
        <translation>%1 не е активен потребител.</translation>
    </message>
    <message>
        <source>%1 may not execute resolutions.</source>
        <translation>%1 няма право да изпълнява резолюции.</translation>
    </message>
    <message>
        <source>The instruction is required.</source>
        <translation>Указанието е задължително.</translation>
    </message>
    <message>
        <source>The instruction is too long (at most %1 characters).</source>
        <translation>Указанието е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>Choose a document.</source>
        <translation>Изберете документ.</translation>
    </message>
    <message>
        <source>Choose an executor.</source>
        <translation>Изберете изпълнител.</translation>
    </message>
    <message>
        <source>Too many co-executors.</source>
        <translation>Твърде много съизпълнители.</translation>
    </message>
    <message>
        <source>A co-executor is not chosen.</source>
        <translation>Не е избран съизпълнител.</translation>
    </message>
    <message>
        <source>The executor cannot also be a co-executor.</source>
        <translation>Изпълнителят не може да бъде и съизпълнител.</translation>
    </message>
    <message>
        <source>A co-executor is named twice.</source>
        <translation>Съизпълнител е посочен два пъти.</translation>
    </message>
    <message>
        <source>Give the deadline either as a date or as a number of working days, not both.</source>
        <translation>Посочете срока или като дата, или като брой работни дни, но не и двете.</translation>
    </message>
    <message>
        <source>The number of working days must be between 1 and %1.</source>
        <translation>Броят на работните дни трябва да е между 1 и %1.</translation>
    </message>
    <message>
        <source>The text is too long (at most %1 characters).</source>
        <translation>Текстът е твърде дълъг (най-много %1 знака).</translation>
    </message>
    <message>
        <source>No such resolution.</source>
        <translation>Няма такава резолюция.</translation>
    </message>
    <message>
        <source>This resolution is already done.</source>
        <translation>Резолюцията вече е изпълнена.</translation>
    </message>
    <message>
        <source>This resolution is cancelled.</source>
        <translation>Резолюцията е отменена.</translation>
    </message>
    <message>
        <source>A login is 2 to 64 lower-case Latin letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Потребителското име се състои от 2 до 64 малки латински букви, цифри, „.“, „_“ или „-“.</translation>
    </message>
    <message>
        <source>The full name is required.</source>
        <translation>Пълното име е задължително.</translation>
    </message>
    <message>
        <source>A user needs at least one role.</source>
        <translation>Потребителят трябва да има поне една роля.</translation>
    </message>
    <message>
        <source>The database already has users.</source>
        <translation>В базата данни вече има потребители.</translation>
    </message>
    <message>
        <source>A user with this login already exists.</source>
        <translation>Вече има потребител с това потребителско име.</translation>
    </message>
    <message>
        <source>This user is deactivated.</source>
        <translation>Потребителят е деактивиран.</translation>
    </message>
    <message>
        <source>Not a valid content name.</source>
        <translation>Невалиден идентификатор на съдържание.</translation>
    </message>
    <message>
        <source>Cannot create the database folder.</source>
        <translation>Папката на базата данни не може да бъде създадена.</translation>
    </message>
    <message>
        <source>The database driver is not installed.</source>
        <translation>Драйверът за базата данни не е инсталиран.</translation>
    </message>
    <message>
        <source>Cannot open the database.</source>
        <translation>Базата данни не може да бъде отворена.</translation>
    </message>
    <message>
        <source>No database was given.</source>
        <translation>Не е посочена база данни.</translation>
    </message>
    <message>
        <source>The PostgreSQL address is not valid.</source>
        <translation>Адресът на PostgreSQL е невалиден.</translation>
    </message>
    <message>
        <source>Unknown kind of database; use sqlite: or postgresql://.</source>
        <translation>Непознат вид база данни; използвайте sqlite: или postgresql://.</translation>
    </message>
    <message>
        <source>The SQLite database path is empty.</source>
        <translation>Пътят до базата данни на SQLite е празен.</translation>
    </message>
    <message>
        <source>The database was made by a newer version of Delovod; please upgrade.</source>
        <translation>Базата данни е създадена с по-нова версия на Деловод; обновете програмата.</translation>
    </message>
    <message>
        <source>The database schema does not match this version.</source>
        <translation>Схемата на базата данни не съответства на тази версия.</translation>
    </message>
    <message>
        <source>The database needs to be upgraded first.</source>
        <translation>Първо трябва да се обнови базата данни.</translation>
    </message>
    <message>
        <source>Upgrading the database failed.</source>
        <translation>Обновяването на базата данни е неуспешно.</translation>
    </message>
    <message>
        <source>No such record.</source>
        <translation>Няма такъв запис.</translation>
    </message>
    <message>
        <source>A record with the same key already exists.</source>
        <translation>Вече съществува запис със същия ключ.</translation>
    </message>
    <message>
        <source>The record refers to something that does not exist.</source>
        <translation>Записът препраща към несъществуващ обект.</translation>
    </message>
    <message>
        <source>The record breaks a rule of the database.</source>
        <translation>Записът нарушава правило на базата данни.</translation>
    </message>
    <message>
        <source>The database is busy; please try again.</source>
        <translation>Базата данни е заета; опитайте отново.</translation>
    </message>
    <message>
        <source>The database file is damaged.</source>
        <translation>Файлът на базата данни е повреден.</translation>
    </message>
    <message>
        <source>A database operation failed.</source>
        <translation>Операция с базата данни е неуспешна.</translation>
    </message>
    <message>
        <source>The database (see DATABASE URLS); default: $DELOVOD_DATABASE.</source>
        <translation>Базата данни (вж. АДРЕСИ НА БАЗАТА ДАННИ); по подразбиране: $DELOVOD_DATABASE.</translation>
    </message>
    <message>
        <source>Act as this user; default: $DELOVOD_USER, else the login of the operating-system account.</source>
        <translation>Действие от името на този потребител; по подразбиране: $DELOVOD_USER, иначе потребителското име в операционната система.</translation>
    </message>
    <message>
        <source>Also print the libraries&apos; informational messages (applied migrations and the like).</source>
        <translation>Извежда и информационните съобщения на библиотеките (приложени миграции и други подобни).</translation>
    </message>
    <message>
        <source>Show the help, of one command when given after it.</source>
        <translation>Показва помощта; след име на команда — помощта за нея.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Показва версията и завършва.</translation>
    </message>
    <message>
        <source>Print the result as JSON (UTF-8).</source>
        <translation>Извежда резултата във формат JSON (UTF-8).</translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation>Файлът не е отворен за четене.</translation>
    </message>
    <message>
        <source>Cannot create the file store.</source>
        <translation>Файловото хранилище не може да бъде създадено.</translation>
    </message>
    <message>
        <source>Cannot write to the file store.</source>
        <translation>Неуспешен запис във файловото хранилище.</translation>
    </message>
    <message>
        <source>Cannot read the data.</source>
        <translation>Данните не могат да бъдат прочетени.</translation>
    </message>
    <message>
        <source>Cannot open the file.</source>
        <translation>Файлът не може да бъде отворен.</translation>
    </message>
    <message>
        <source>The file is missing from the file store.</source>
        <translation>Файлът липсва във файловото хранилище.</translation>
    </message>
    <message>
        <source>Cannot read from the file store.</source>
        <translation>Неуспешно четене от файловото хранилище.</translation>
    </message>
    <message>
        <source>A stored file is damaged.</source>
        <translation>Съхранен файл е повреден.</translation>
    </message>
    <message>
        <source>The administrator&apos;s login is required.</source>
        <translation>Потребителското име на администратора е задължително.</translation>
    </message>
    <message>
        <source>The administrator&apos;s full name is required.</source>
        <translation>Пълното име на администратора е задължително.</translation>
    </message>
    <message>
        <source>The registry code must be 1 to 12 letters or digits.</source>
        <translation>Кодът на регистратурата трябва да съдържа от 1 до 12 букви или цифри.</translation>
    </message>
    <message>
        <source>The register code must be 1 to 12 letters or digits.</source>
        <translation>Кодът на регистъра трябва да съдържа от 1 до 12 букви или цифри.</translation>
    </message>
    <message>
        <source>Two registers have the same code.</source>
        <translation>Два регистъра имат еднакъв код.</translation>
    </message>
    <message>
        <source>The database is already initialised.</source>
        <translation>Базата данни вече е инициализирана.</translation>
    </message>
    <message>
        <source>This day has no entry in the calendar.</source>
        <translation>За този ден няма запис в календара.</translation>
    </message>
    <message>
        <source>The case file is already closed.</source>
        <translation>Преписката вече е приключена.</translation>
    </message>
    <message>
        <source>The case file is open.</source>
        <translation>Преписката вече е открита.</translation>
    </message>
    <message>
        <source>The case file was changed meanwhile; please try again.</source>
        <translation>Междувременно преписката е променена; опитайте отново.</translation>
    </message>
    <message>
        <source>Only registered documents join a case file.</source>
        <translation>Към преписка могат да се присъединяват само регистрирани документи.</translation>
    </message>
    <message>
        <source>The registration of this document is annulled.</source>
        <translation>Регистрацията на документа е анулирана.</translation>
    </message>
    <message>
        <source>The document is already in this case file.</source>
        <translation>Документът вече е в тази преписка.</translation>
    </message>
    <message>
        <source>The document already belongs to case file %1.</source>
        <translation>Документът вече е към преписка %1.</translation>
    </message>
    <message>
        <source>The document already belongs to a case file.</source>
        <translation>Документът вече е към преписка.</translation>
    </message>
    <message>
        <source>No such heading of the file plan.</source>
        <translation>Няма такава позиция в номенклатурата на делата.</translation>
    </message>
    <message>
        <source>The parent heading %1 is closed.</source>
        <translation>Позицията от по-горно ниво %1 е закрита.</translation>
    </message>
    <message>
        <source>The parent heading %1 is in force only from %2.</source>
        <translation>Позицията от по-горно ниво %1 е в сила едва от %2.</translation>
    </message>
    <message>
        <source>A heading with code %1 is in force from %2; close it first.</source>
        <translation>Позиция с код %1 е в сила от %2; първо я закрийте.</translation>
    </message>
    <message>
        <source>A heading with code %1 already exists from %2.</source>
        <translation>Вече има позиция с код %1 от %2.</translation>
    </message>
    <message>
        <source>The heading %1 is already closed (in force until %2).</source>
        <translation>Позицията %1 вече е закрита (в сила до %2).</translation>
    </message>
    <message>
        <source>The heading %1 is in force from %2; it cannot end before that.</source>
        <translation>Позицията %1 е в сила от %2; не може да бъде закрита преди тази дата.</translation>
    </message>
    <message>
        <source>The heading %1 has sub-headings in force after %2; close them first.</source>
        <translation>Позицията %1 има подпозиции, които са в сила след %2; първо ги закрийте.</translation>
    </message>
    <message>
        <source>The heading %1 is already closed.</source>
        <translation>Позицията %1 вече е закрита.</translation>
    </message>
    <message>
        <source>The file name is not valid text.</source>
        <translation>Името на файла не е валиден текст.</translation>
    </message>
    <message>
        <source>The file needs a name.</source>
        <translation>Файлът трябва да има име.</translation>
    </message>
    <message>
        <source>The file name is too long (at most %1 characters).</source>
        <translation>Името на файла е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>The file name is not valid.</source>
        <translation>Името на файла е невалидно.</translation>
    </message>
    <message>
        <source>The file name may not contain slashes, backslashes or control characters.</source>
        <translation>Името на файла не може да съдържа наклонени черти („/“ и „\“) или управляващи знаци.</translation>
    </message>
    <message>
        <source>The media type is not valid.</source>
        <translation>Типът на файла (MIME) е невалиден.</translation>
    </message>
    <message>
        <source>No such file.</source>
        <translation>Няма такъв файл.</translation>
    </message>
    <message>
        <source>The document text is too long.</source>
        <translation>Текстът на документа е твърде дълъг.</translation>
    </message>
    <message>
        <source>Demo data needs an active administrator.</source>
        <translation>За демонстрационните данни е необходим активен администратор.</translation>
    </message>
    <message>
        <source>The number of demo documents cannot be negative.</source>
        <translation>Броят на демонстрационните документи не може да бъде отрицателен.</translation>
    </message>
    <message>
        <source>Demo data generation was cancelled.</source>
        <translation>Създаването на демонстрационни данни е прекратено.</translation>
    </message>
    <message>
        <source>The subject is required.</source>
        <translation>Полето „Относно“ е задължително.</translation>
    </message>
    <message>
        <source>The subject is too long (at most %1 characters).</source>
        <translation>Полето „Относно“ е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>The document kind is required.</source>
        <translation>Видът на документа е задължителен.</translation>
    </message>
    <message>
        <source>The document kind is too long.</source>
        <translation>Видът на документа е твърде дълъг.</translation>
    </message>
    <message>
        <source>The page count is not valid.</source>
        <translation>Броят на страниците е невалиден.</translation>
    </message>
    <message>
        <source>Choose a register.</source>
        <translation>Изберете регистър.</translation>
    </message>
    <message>
        <source>A document either opens a case file or joins one, not both.</source>
        <translation>Документът или образува преписка, или се присъединява към съществуваща, но не и двете.</translation>
    </message>
    <message>
        <source>Give the reason for the annulment.</source>
        <translation>Посочете причината за анулирането.</translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation>Причината е твърде дълга.</translation>
    </message>
    <message>
        <source>No such registration.</source>
        <translation>Няма такава регистрация.</translation>
    </message>
    <message>
        <source>This registration is already annulled.</source>
        <translation>Регистрацията вече е анулирана.</translation>
    </message>
    <message>
        <source>The deadline is in the past.</source>
        <translation>Срокът е дата в миналото.</translation>
    </message>
    <message>
        <source>Only the executor or an administrator may complete this resolution.</source>
        <translation>Само изпълнителят или администратор може да отбележи резолюцията като изпълнена.</translation>
    </message>
    <message>
        <source>This resolution is no longer open.</source>
        <translation>Резолюцията вече е приключена.</translation>
    </message>
    <message>
        <source>Give the reason for the cancellation.</source>
        <translation>Посочете причината за отмяната.</translation>
    </message>
    <message>
        <source>Only the author or an administrator may cancel this resolution.</source>
        <translation>Само авторът на резолюцията или администратор може да я отмени.</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Търсенето е неуспешно.</translation>
    </message>
    <message>
        <source>Could not read the file.</source>
        <translation>Файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Reading the file took too long.</source>
        <translation>Четенето на файла отне твърде дълго време.</translation>
    </message>
    <message>
        <source>--no-registers and --with-register exclude each other.</source>
        <translation>--no-registers и --with-register са взаимно изключващи се.</translation>
    </message>
    <message>
        <source>--with-register needs CODE:KIND:NAME with KIND one of %1: %2</source>
        <translation>--with-register изисква CODE:KIND:NAME, където KIND е едно от %1: %2</translation>
    </message>
    <message>
        <source>Initialised %1 (schema version %2).</source>
        <translation>Базата данни %1 е инициализирана (версия на схемата %2).</translation>
    </message>
    <message>
        <source>Administrator: %1 (%2)</source>
        <translation>Администратор: %1 (%2)</translation>
    </message>
    <message>
        <source>Registry: %1 %2, pattern %3</source>
        <translation>Регистратура: %1 %2, шаблон %3</translation>
    </message>
    <message>
        <source>No registers yet: add them with &apos;register add&apos;.</source>
        <translation>Все още няма регистри: добавете ги с „register add“.</translation>
    </message>
    <message>
        <source>Registers:</source>
        <translation>Регистри:</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>КОД</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>ВИД</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>ИМЕ</translation>
    </message>
    <message>
        <source>FIRST INDEX</source>
        <translation>ПЪРВИ ИНДЕКС</translation>
    </message>
    <message>
        <source>Upgraded the database schema to version %1.</source>
        <translation>Схемата на базата данни е обновена до версия %1.</translation>
    </message>
    <message>
        <source>The database schema is up to date (version %1).</source>
        <translation>Схемата на базата данни е актуална (версия %1).</translation>
    </message>
    <message>
        <source>The database schema is current (version %1).</source>
        <translation>Схемата на базата данни е актуална (версия %1).</translation>
    </message>
    <message>
        <source>The database has no users or registries yet: run &apos;init&apos;.</source>
        <translation>В базата данни все още няма потребители и регистратури: изпълнете „init“.</translation>
    </message>
    <message>
        <source>Unknown role &apos;%1&apos;: use clerk, official, administrator or auditor.</source>
        <translation>Непозната роля „%1“: използвайте clerk, official, administrator или auditor.</translation>
    </message>
    <message>
        <source>The option --role is required.</source>
        <translation>Опцията --role е задължителна.</translation>
    </message>
    <message>
        <source>Created user %1 (%2) with roles %3.</source>
        <translation>Създаден е потребител %1 (%2) с роли %3.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>не</translation>
    </message>
    <message>
        <source>LOGIN</source>
        <translation>ПОТРЕБИТЕЛСКО ИМЕ</translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation>РОЛИ</translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation>АКТИВЕН</translation>
    </message>
    <message>
        <source>INDEX PATTERN</source>
        <translation>ШАБЛОН НА ИНДЕКСА</translation>
    </message>
    <message>
        <source>REGISTERS</source>
        <translation>РЕГИСТРИ</translation>
    </message>
    <message>
        <source>Created registry %1 (%2), pattern %3.</source>
        <translation>Създадена е регистратура %1 (%2), шаблон %3.</translation>
    </message>
    <message>
        <source>Unknown register kind &apos;%1&apos;: use %2.</source>
        <translation>Непознат вид регистър „%1“: използвайте %2.</translation>
    </message>
    <message>
        <source>Created register %1 (%2) in registry %3; its first index will be like %4.</source>
        <translation>Създаден е регистър %1 (%2) в регистратура %3; първият му индекс ще бъде като %4.</translation>
    </message>
    <message>
        <source>REGISTRY</source>
        <translation>РЕГИСТРАТУРА</translation>
    </message>
    <message>
        <source>create the database, its first administrator, registry and registers</source>
        <translation>създава базата данни, първия ѝ администратор, регистратурата и регистрите</translation>
    </message>
    <message>
        <source>Creates the database if it does not exist, brings its schema up to date and initialises it: the first administrator (the acting user&apos;s login unless --admin is given), the registry and its registers. Every step is recorded in the audit journal. A database that already has users or registries is refused, so running init twice changes nothing.

Unless --with-register or --no-registers is given, the registry gets one register of each kind, coded as Sofia Municipality does: ВХ01 incoming (Входяща кореспонденция), ИЗ01 outgoing (Изходяща кореспонденция), ВН01 internal (Вътрешна кореспонденция) and ЗП01 orders (Заповеди).

The index pattern takes the placeholders {registry}, {yy} or {year}, {register}, {number} or {number:N}, {/sub}, {date} and {isodate}; the default {registry}{yy}-{register}-{number}{/sub}/{date} gives indexes such as СОА20-ВК66-7245/08.09.2020.</source>
        <translation>Създава базата данни, ако тя не съществува, обновява схемата ѝ и я инициализира: първия администратор (с потребителското име на действащия потребител, освен ако е зададено --admin), регистратурата и регистрите ѝ. Всяка стъпка се вписва в одитния журнал. База данни, в която вече има потребители или регистратури, се отказва, така че повторното изпълнение на init не променя нищо.

Освен ако е зададено --with-register или --no-registers, регистратурата получава по един регистър от всеки вид с кодове като в Столичната община: ВХ01 incoming (Входяща кореспонденция), ИЗ01 outgoing (Изходяща кореспонденция), ВН01 internal (Вътрешна кореспонденция) и ЗП01 orders (Заповеди).

Шаблонът на индекса приема полетата {registry}, {yy} или {year}, {register}, {number} или {number:N}, {/sub}, {date} и {isodate}; шаблонът по подразбиране {registry}{yy}-{register}-{number}{/sub}/{date} дава индекси като СОА20-ВК66-7245/08.09.2020.</translation>
    </message>
    <message>
        <source>Login of the first administrator (default: the acting user).</source>
        <translation>Потребителско име на първия администратор (по подразбиране: действащият потребител).</translation>
    </message>
    <message>
        <source>Full name of the first administrator.</source>
        <translation>Пълно име на първия администратор.</translation>
    </message>
    <message>
        <source>Code of the registry: the prefix of every index, e.g. СОА.</source>
        <translation>Код на регистратурата: представката на всеки индекс, напр. СОА.</translation>
    </message>
    <message>
        <source>Name of the registry, e.g. the administration&apos;s name.</source>
        <translation>Наименование на регистратурата, напр. наименованието на администрацията.</translation>
    </message>
    <message>
        <source>Format of registration indexes (see above).</source>
        <translation>Формат на регистрационните индекси (вж. по-горе).</translation>
    </message>
    <message>
        <source>Create this register instead of the default ones; KIND is incoming, outgoing, internal or orders. Repeat for several registers.</source>
        <translation>Създава този регистър вместо подразбиращите се; KIND е incoming, outgoing, internal или orders. Повторете за няколко регистъра.</translation>
    </message>
    <message>
        <source>Create no registers (add them later with &apos;register add&apos;).</source>
        <translation>Не създава регистри (добавете ги по-късно с „register add“).</translation>
    </message>
    <message>
        <source>bring the database schema up to date</source>
        <translation>обновява схемата на базата данни</translation>
    </message>
    <message>
        <source>Applies the schema migrations this version carries that the database lacks, each in its own transaction. A database made by a newer version, or whose applied migrations differ from this version&apos;s, is refused and left unchanged. Take a backup first. Like &apos;check&apos;, it needs no user of the database: run it as the account that may open the database.</source>
        <translation>Прилага миграциите на схемата, които тази версия съдържа, а базата данни няма, всяка в собствена транзакция. База данни, създадена с по-нова версия или с приложени миграции, различни от тези на тази версия, се отказва и остава непроменена. Първо направете резервно копие. Както „check“, командата не изисква потребител на базата данни: изпълнете я от акаунта, който има право да отваря базата данни.</translation>
    </message>
    <message>
        <source>check that the database schema is exactly what this version expects</source>
        <translation>проверява дали схемата на базата данни е точно такава, каквато очаква тази версия</translation>
    </message>
    <message>
        <source>Opens the database without changing it and compares its schema with this version&apos;s migrations. Exits with 3 when the schema is out of date, newer than this version or altered.</source>
        <translation>Отваря базата данни, без да я променя, и сравнява схемата ѝ с миграциите на тази версия. Завършва с код 3, когато схемата е остаряла, по-нова от тази версия или променена.</translation>
    </message>
    <message>
        <source>create a user (administrators only)</source>
        <translation>създава потребител (само за администратори)</translation>
    </message>
    <message>
        <source>Creates a user with one or more roles: clerk (registers mail, keeps case files), official (reads, resolves and executes documents), administrator (configures everything, annuls entries) and auditor (reads everything and verifies the journal). A login is 2 to 64 lower-case Latin letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Създава потребител с една или повече роли: clerk — деловодител (регистрира кореспонденцията, води преписките), official — служител (чете, резолира и изпълнява документи), administrator — администратор (настройва всичко, анулира записи) и auditor — одитор (чете всичко и проверява журнала). Потребителското име се състои от 2 до 64 малки латински букви, цифри, „.“, „_“ или „-“.</translation>
    </message>
    <message>
        <source>Full name of the user.</source>
        <translation>Пълно име на потребителя.</translation>
    </message>
    <message>
        <source>Role(s), separated by commas or given several times.</source>
        <translation>Роля или роли, разделени със запетаи или посочени няколко пъти.</translation>
    </message>
    <message>
        <source>list the users and their roles</source>
        <translation>извежда потребителите и техните роли</translation>
    </message>
    <message>
        <source>Lists every user with roles and whether the account is active.</source>
        <translation>Извежда всички потребители с ролите им и дали профилът е активен.</translation>
    </message>
    <message>
        <source>list the registries with their index patterns and registers</source>
        <translation>извежда регистратурите с шаблоните на индексите и регистрите им</translation>
    </message>
    <message>
        <source>Lists the registries with their codes, index patterns and registers.</source>
        <translation>Извежда регистратурите с кодовете, шаблоните на индексите и регистрите им.</translation>
    </message>
    <message>
        <source>create another registry (administrators only)</source>
        <translation>създава още една регистратура (само за администратори)</translation>
    </message>
    <message>
        <source>Creates a registry (регистратура) whose code prefixes its indexes. The index pattern is described under &apos;init&apos;.</source>
        <translation>Създава регистратура, чийто код е представка на индексите ѝ. Шаблонът на индекса е описан при „init“.</translation>
    </message>
    <message>
        <source>Name of the registry.</source>
        <translation>Наименование на регистратурата.</translation>
    </message>
    <message>
        <source>Format of registration indexes.</source>
        <translation>Формат на регистрационните индекси.</translation>
    </message>
    <message>
        <source>create a register book (administrators only)</source>
        <translation>създава регистър (само за администратори)</translation>
    </message>
    <message>
        <source>Creates a register (регистър) in a registry. Its numbers start at 1 and restart every year. The code is 1 to 12 letters or digits and appears in every index of the register.</source>
        <translation>Създава регистър в регистратура. Номерата му започват от 1 и започват отначало всяка година. Кодът е от 1 до 12 букви или цифри и присъства във всеки индекс на регистъра.</translation>
    </message>
    <message>
        <source>incoming, outgoing, internal or orders.</source>
        <translation>incoming (входящ), outgoing (изходящ), internal (вътрешен) или orders (заповеди).</translation>
    </message>
    <message>
        <source>Name of the register.</source>
        <translation>Наименование на регистъра.</translation>
    </message>
    <message>
        <source>Registry code; needed when there are several.</source>
        <translation>Код на регистратурата; необходим е, когато те са няколко.</translation>
    </message>
    <message>
        <source>list the registers</source>
        <translation>извежда регистрите</translation>
    </message>
    <message>
        <source>Lists the registers of every registry, or of one.</source>
        <translation>Извежда регистрите на всички регистратури или на една от тях.</translation>
    </message>
    <message>
        <source>Only this registry.</source>
        <translation>Само тази регистратура.</translation>
    </message>
    <message>
        <source>EXIT STATUS</source>
        <translation>КОД НА ЗАВЪРШВАНЕ</translation>
    </message>
    <message>
        <source>Success.</source>
        <translation>Успешно изпълнение.</translation>
    </message>
    <message>
        <source>The command line is wrong: unknown command or option, a missing or malformed argument, no or a malformed database URL.</source>
        <translation>Грешен команден ред: непозната команда или опция, липсващ или неправилен аргумент, липсващ или неправилен адрес на базата данни.</translation>
    </message>
    <message>
        <source>The command failed: refused by the rules (permission, invalid input, already annulled…) or the database could not be used. The reason is on standard error.</source>
        <translation>Командата е неуспешна: отказана по правилата (права, невалидни данни, вече анулиран запис…) или базата данни не може да се използва. Причината се извежда в стандартния изход за грешки.</translation>
    </message>
    <message>
        <source>A check ran and found problems: &apos;journal verify&apos; found a damaged journal, &apos;check&apos; an outdated or altered schema.</source>
        <translation>Проверката е открила проблеми: „journal verify“ — повреден журнал, „check“ — остаряла или променена схема.</translation>
    </message>
    <message>
        <source>Usage: %1 [--database URL] [--user LOGIN] COMMAND [ARGUMENTS] [OPTIONS]
Try &apos;%1 help&apos; for the list of commands.</source>
        <translation>Употреба: %1 [--database URL] [--user LOGIN] COMMAND [ARGUMENTS] [OPTIONS]
Изпълнете „%1 help“ за списъка с команди.</translation>
    </message>
    <message>
        <source>administer a Delovod registry office from the command line</source>
        <translation>администриране на деловодната система Деловод от командния ред</translation>
    </message>
    <message>
        <source>SYNOPSIS</source>
        <translation>СИНТАКСИС</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>ОПИСАНИЕ</translation>
    </message>
    <message>
        <source>%1 works on the database of a Delovod registry office (деловодна система): it creates and upgrades the database, manages users, registries and registers, registers and annuls documents, searches the registers and verifies the audit journal. Every change goes through the same services as the desktop client and the server, with the same permission checks, and is recorded in the tamper-evident audit journal under the acting user&apos;s login.

The acting user is the one given with --user, else $DELOVOD_USER, else the login of the operating-system account, and must be an active user of the database. %1 trusts it: whoever can open the database can act as any user, so keep the database file or its credentials readable only by the people who administer the office.

Output is UTF-8 text; commands that list or create things also print JSON with --json.</source>
        <translation>%1 работи с базата данни на деловодната система Деловод: създава и обновява базата данни, управлява потребителите, регистратурите и регистрите, регистрира и анулира документи, търси в регистрите и проверява одитния журнал. Всяка промяна минава през същите услуги като настолното приложение и сървъра, със същите проверки на правата, и се вписва в защитения срещу подправяне одитен журнал с потребителското име на действащия потребител.

Действащият потребител е зададеният с --user, иначе $DELOVOD_USER, иначе потребителското име в операционната система, и трябва да е активен потребител на базата данни. %1 му се доверява: който може да отвори базата данни, може да действа като всеки потребител, затова файлът на базата данни или данните за достъп до нея трябва да са достъпни само за хората, които администрират деловодството.

Изходът е текст в UTF-8; командите, които извеждат или създават обекти, извеждат и JSON с --json.</translation>
    </message>
    <message>
        <source>COMMANDS</source>
        <translation>КОМАНДИ</translation>
    </message>
    <message>
        <source>show this manual, or the manual of one command</source>
        <translation>показва това ръководство или ръководството за една команда</translation>
    </message>
    <message>
        <source>GLOBAL OPTIONS</source>
        <translation>ОБЩИ ОПЦИИ</translation>
    </message>
    <message>
        <source>DATABASE URLS</source>
        <translation>АДРЕСИ НА БАЗАТА ДАННИ</translation>
    </message>
    <message>
        <source>An SQLite file (a bare path works too). Only &apos;init&apos; creates a missing file.</source>
        <translation>Файл на SQLite (може и само път). Само „init“ създава липсващ файл.</translation>
    </message>
    <message>
        <source>A PostgreSQL database; add ?host=/run/postgresql to connect through a Unix socket directory. Prefer a ~/.pgpass file to a password on the command line.</source>
        <translation>База данни на PostgreSQL; добавете ?host=/run/postgresql, за да се свържете през директория с Unix сокет. Вместо парола в командния ред за предпочитане е файл ~/.pgpass.</translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation>ПРОМЕНЛИВИ НА СРЕДАТА</translation>
    </message>
    <message>
        <source>The database URL when --database is not given.</source>
        <translation>Адресът на базата данни, когато не е зададено --database.</translation>
    </message>
    <message>
        <source>The acting user when --user is not given.</source>
        <translation>Действащият потребител, когато не е зададено --user.</translation>
    </message>
    <message>
        <source>The language of messages: bg (the default) or en (the English source texts).</source>
        <translation>Езикът на съобщенията: bg (по подразбиране) или en (изходните текстове на английски).</translation>
    </message>
    <message>
        <source>EXAMPLES</source>
        <translation>ПРИМЕРИ</translation>
    </message>
    <message>
        <source>Run &apos;%1 help COMMAND&apos; for the options of one command.</source>
        <translation>Изпълнете „%1 help COMMAND“ за опциите на дадена команда.</translation>
    </message>
    <message>
        <source>OPTIONS</source>
        <translation>ОПЦИИ</translation>
    </message>
    <message>
        <source>The audit journal is intact: %1 entries, %2 sealed days.</source>
        <translation>Одитният журнал е непокътнат: записи – %1, запечатани дни – %2.</translation>
    </message>
    <message>
        <source>The audit journal is damaged: %1 problems in %2 entries.</source>
        <translation>Одитният журнал е повреден: проблеми – %1, записи – %2.</translation>
    </message>
    <message>
        <source>Sealed %1 days.</source>
        <translation>Запечатани дни: %1.</translation>
    </message>
    <message>
        <source>verify the audit journal&apos;s hash chain and daily seals</source>
        <translation>проверява веригата от хешове и дневните печати на одитния журнал</translation>
    </message>
    <message>
        <source>Recomputes the hash of every journal entry, the chain between them and the seals of past days, and prints each problem with the number of the entry or the day concerned: altered, removed or reordered entries and rewritten days. Exits with 0 when the journal is intact and 3 when it is not. Needs the auditor or administrator role.</source>
        <translation>Преизчислява хеша на всеки запис в журнала, веригата между тях и печатите на изминалите дни и извежда всеки проблем с номера на записа или деня, за който се отнася: променени, изтрити или разместени записи и презаписани дни. Завършва с код 0, когато журналът е непокътнат, и с 3, когато не е. Изисква роля одитор или администратор.</translation>
    </message>
    <message>
        <source>seal the audit journal&apos;s past days</source>
        <translation>запечатва изминалите дни в одитния журнал</translation>
    </message>
    <message>
        <source>Seals every whole day (UTC) before today that has journal entries and no seal yet, so that removing a day&apos;s last entries or rewriting a sealed day is detected. Run it daily, e.g. from cron shortly after midnight. Needs the auditor or administrator role.</source>
        <translation>Запечатва всеки цял ден (UTC) преди днешния, който има записи в журнала и още няма печат, така че да се открие изтриване на последните записи за деня или презаписване на запечатан ден. Изпълнявайте я ежедневно, напр. от cron малко след полунощ. Изисква роля одитор или администратор.</translation>
    </message>
    <message>
        <source>No case file has this id or registration index.</source>
        <translation>Няма преписка с такъв идентификатор или регистрационен индекс.</translation>
    </message>
    <message>
        <source>This registration does not belong to a case file.</source>
        <translation>Регистрацията не е към преписка.</translation>
    </message>
    <message>
        <source>Cannot read the text file.</source>
        <translation>Текстовият файл не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Choose the register with --register CODE (or a case file with --case).</source>
        <translation>Изберете регистъра с --register CODE (или преписка с --case).</translation>
    </message>
    <message>
        <source>--case and --open-case exclude each other.</source>
        <translation>--case и --open-case са взаимно изключващи се.</translation>
    </message>
    <message>
        <source>Unknown channel &apos;%1&apos;: use %2.</source>
        <translation>Непознат начин на получаване „%1“: използвайте %2.</translation>
    </message>
    <message>
        <source>Unknown access level &apos;%1&apos;: use %2.</source>
        <translation>Непознато ниво на достъп „%1“: използвайте %2.</translation>
    </message>
    <message>
        <source>Annulled %1.</source>
        <translation>Анулиран е %1.</translation>
    </message>
    <message>
        <source>Unknown status &apos;%1&apos;: use active or annulled.</source>
        <translation>Непознато състояние „%1“: използвайте active или annulled.</translation>
    </message>
    <message>
        <source>No registered document matches.</source>
        <translation>Няма регистриран документ, който да отговаря на условията.</translation>
    </message>
    <message>
        <source>INDEX</source>
        <translation>ИНДЕКС</translation>
    </message>
    <message>
        <source>DATE</source>
        <translation>ДАТА</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>СЪСТОЯНИЕ</translation>
    </message>
    <message>
        <source>SUBJECT</source>
        <translation>ОТНОСНО</translation>
    </message>
    <message>
        <source>More documents match: narrow the search or raise --limit.</source>
        <translation>Има още съответстващи документи: стеснете търсенето или увеличете --limit.</translation>
    </message>
    <message>
        <source>register a document and print its registration index</source>
        <translation>регистрира документ и извежда регистрационния му индекс</translation>
    </message>
    <message>
        <source>Registers a document in a register under the next number of the year and prints the registration index. The time is the server&apos;s clock; the date in the index is the local date in Sofia. With --case the document joins a case file (преписка) and takes the next follow-up number of its first registration, e.g. СОА20-ДИ05-2118/1/11.09.2020; with --open-case it opens a new case file. Needs the clerk or administrator role.</source>
        <translation>Регистрира документ в регистър под следващия номер за годината и извежда регистрационния индекс. Часът е по часовника на сървъра; датата в индекса е местната дата в София. С --case документът се присъединява към преписка и получава следващия пореден номер към първата ѝ регистрация, напр. СОА20-ДИ05-2118/1/11.09.2020; с --open-case образува нова преписка. Изисква роля деловодител или администратор.</translation>
    </message>
    <message>
        <source>Code of the register, e.g. ВК66.</source>
        <translation>Код на регистъра, напр. ВК66.</translation>
    </message>
    <message>
        <source>Registry code, when several registries have the register code.</source>
        <translation>Код на регистратурата, когато няколко регистратури имат регистър с този код.</translation>
    </message>
    <message>
        <source>Kind of document, e.g. Заявление, Писмо, Жалба.</source>
        <translation>Вид на документа, напр. Заявление, Писмо, Жалба.</translation>
    </message>
    <message>
        <source>Subject (относно) of the document.</source>
        <translation>Текстът „Относно“ на документа.</translation>
    </message>
    <message>
        <source>How it arrived: counter (default), post, email, seos, ssev, eservice or internal.</source>
        <translation>Начин на получаване: counter (на гише, по подразбиране), post (по пощата), email (по електронна поща), seos (СЕОС), ssev (ССЕВ), eservice (електронна услуга) или internal (вътрешен).</translation>
    </message>
    <message>
        <source>Number of pages (default 0).</source>
        <translation>Брой страници (по подразбиране 0).</translation>
    </message>
    <message>
        <source>public, internal (default) or restricted.</source>
        <translation>public (публичен), internal (вътрешен, по подразбиране) или restricted (ограничен).</translation>
    </message>
    <message>
        <source>Join this case file, given by its id or by the index of a registration in it.</source>
        <translation>Присъединява документа към тази преписка, посочена с идентификатора ѝ или с индекса на регистрация в нея.</translation>
    </message>
    <message>
        <source>Open a new case file with this document as its first.</source>
        <translation>Образува нова преписка с този документ като първи.</translation>
    </message>
    <message>
        <source>Title of the new case file (default: the subject).</source>
        <translation>Наименование на новата преписка (по подразбиране: текстът „Относно“).</translation>
    </message>
    <message>
        <source>UTF-8 text of the document, indexed for search.</source>
        <translation>Текстът на документа в UTF-8, индексиран за търсене.</translation>
    </message>
    <message>
        <source>annul a registration (administrators only)</source>
        <translation>анулира регистрация (само за администратори)</translation>
    </message>
    <message>
        <source>Marks a registration void with a reason. The entry keeps its number and index and stays in the register; an annulled entry cannot be annulled again.</source>
        <translation>Отбелязва регистрацията като анулирана с посочена причина. Записът запазва номера и индекса си и остава в регистъра; анулиран запис не може да бъде анулиран повторно.</translation>
    </message>
    <message>
        <source>Why the entry is annulled.</source>
        <translation>Причината за анулирането на записа.</translation>
    </message>
    <message>
        <source>search registered documents, newest first</source>
        <translation>търси в регистрираните документи, като най-новите са първи</translation>
    </message>
    <message>
        <source>Finds the documents whose index, kind, subject, correspondent or text contain all the words, case-insensitively; a word ending in &apos;*&apos; matches as a prefix. Without words it lists the newest entries. Restricted documents are shown only to those who may read them.</source>
        <translation>Намира документите, чиито индекс, вид, „Относно“, кореспондент или текст съдържат всички думи, без разлика между главни и малки букви; дума, завършваща на „*“, се търси като начало на дума. Без думи извежда най-новите записи. Документите с ограничен достъп се показват само на тези, които имат право да ги четат.</translation>
    </message>
    <message>
        <source>Only this register.</source>
        <translation>Само този регистър.</translation>
    </message>
    <message>
        <source>Registered on or after this date (yyyy-MM-dd or dd.MM.yyyy).</source>
        <translation>Регистрирани на тази дата или след нея (yyyy-MM-dd или dd.MM.yyyy).</translation>
    </message>
    <message>
        <source>Registered on or before this date.</source>
        <translation>Регистрирани на тази дата или преди нея.</translation>
    </message>
    <message>
        <source>Only documents of this kind.</source>
        <translation>Само документи от този вид.</translation>
    </message>
    <message>
        <source>active or annulled.</source>
        <translation>active (активни) или annulled (анулирани).</translation>
    </message>
    <message>
        <source>At most N entries (default 50, at most 1000).</source>
        <translation>Най-много N записа (по подразбиране 50, най-много 1000).</translation>
    </message>
    <message>
        <source>Try &apos;%1 help&apos; for the list of commands.</source>
        <translation>Изпълнете „%1 help“ за списъка с команди.</translation>
    </message>
    <message>
        <source>Try &apos;%1 help %2&apos; for more information.</source>
        <translation>Изпълнете „%1 help %2“ за повече информация.</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;.</source>
        <translation>Непозната команда „%1“.</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;: use %2.</source>
        <translation>Непозната команда „%1“: използвайте %2.</translation>
    </message>
    <message>
        <source>Give the options after the command name.</source>
        <translation>Задайте опциите след името на командата.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs %2.</source>
        <translation>„%1“ изисква %2.</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation>Неочакван аргумент „%1“.</translation>
    </message>
    <message>
        <source>No database: give --database URL or set DELOVOD_DATABASE.</source>
        <translation>Няма база данни: задайте --database URL или променливата DELOVOD_DATABASE.</translation>
    </message>
    <message>
        <source>Unsupported database URL &apos;%1&apos;: use sqlite:PATH or postgresql://….</source>
        <translation>Неподдържан адрес на база данни „%1“: използвайте sqlite:PATH или postgresql://….</translation>
    </message>
    <message>
        <source>The database URL is not valid.</source>
        <translation>Адресът на базата данни е невалиден.</translation>
    </message>
    <message>
        <source>Run &apos;%1 migrate&apos; to upgrade it.</source>
        <translation>Изпълнете „%1 migrate“, за да я обновите.</translation>
    </message>
    <message>
        <source>The option --%1 is required.</source>
        <translation>Опцията --%1 е задължителна.</translation>
    </message>
    <message>
        <source>The option --%1 needs a whole number from %2 to %3.</source>
        <translation>Опцията --%1 изисква цяло число от %2 до %3.</translation>
    </message>
    <message>
        <source>The option --%1 needs a date such as 2020-09-08 or 08.09.2020.</source>
        <translation>Опцията --%1 изисква дата, например 2020-09-08 или 08.09.2020.</translation>
    </message>
    <message>
        <source>There is no database at this path; create it with &apos;%1 init&apos;.</source>
        <translation>На този път няма база данни; създайте я с „%1 init“.</translation>
    </message>
    <message>
        <source>Who is acting is unknown: give --user LOGIN or set DELOVOD_USER.</source>
        <translation>Не е известно кой е действащият потребител: задайте --user LOGIN или променливата DELOVOD_USER.</translation>
    </message>
    <message>
        <source>The acting user is not a user of this database: give --user LOGIN or set DELOVOD_USER.</source>
        <translation>Действащият потребител не е потребител на тази база данни: задайте --user LOGIN или променливата DELOVOD_USER.</translation>
    </message>
    <message>
        <source>The database has no registry yet.</source>
        <translation>В базата данни все още няма регистратура.</translation>
    </message>
    <message>
        <source>The database has several registries: choose one with --registry CODE.</source>
        <translation>В базата данни има няколко регистратури: изберете една с --registry CODE.</translation>
    </message>
    <message>
        <source>Several registries have a register with this code: choose the registry with --registry CODE.</source>
        <translation>Няколко регистратури имат регистър с този код: изберете регистратурата с --registry CODE.</translation>
    </message>
    <message>
        <source>No database: give --database URL, set [database] url in the configuration file or set DELOVOD_DATABASE.</source>
        <translation>Няма база данни: задайте --database URL, [database] url в конфигурационния файл или променливата DELOVOD_DATABASE.</translation>
    </message>
    <message>
        <source>There is no database at this path.</source>
        <translation>На този път няма база данни.</translation>
    </message>
    <message>
        <source>The configuration is valid.</source>
        <translation>Конфигурацията е валидна.</translation>
    </message>
    <message>
        <source>Database: %1 (schema version %2, current)</source>
        <translation>База данни: %1 (версия на схемата %2, актуална)</translation>
    </message>
    <message>
        <source>The database schema of %1 is at version %2.</source>
        <translation>Схемата на базата данни %1 е с версия %2.</translation>
    </message>
    <message>
        <source>Read the settings from this INI file.</source>
        <translation>Чете настройките от този INI файл.</translation>
    </message>
    <message>
        <source>The database URL; overrides the configuration file and $DELOVOD_DATABASE.</source>
        <translation>Адресът на базата данни; има предимство пред конфигурационния файл и $DELOVOD_DATABASE.</translation>
    </message>
    <message>
        <source>Validate the configuration, open the database and check that its schema is current.</source>
        <translation>Проверява конфигурацията, отваря базата данни и проверява дали схемата ѝ е актуална.</translation>
    </message>
    <message>
        <source>Bring the database schema up to date (creates an SQLite file).</source>
        <translation>Обновява схемата на базата данни (създава файл на SQLite).</translation>
    </message>
    <message>
        <source>Try &apos;%1 --help&apos; for more information.</source>
        <translation>Изпълнете „%1 --help“ за повече информация.</translation>
    </message>
    <message>
        <source>Cannot read the configuration file.</source>
        <translation>Конфигурационният файл не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The configuration file is not a valid INI file.</source>
        <translation>Конфигурационният файл не е валиден INI файл.</translation>
    </message>
    <message>
        <source>unknown setting &apos;%1&apos;</source>
        <translation>непозната настройка „%1“</translation>
    </message>
    <message>
        <source>The configuration file has errors.</source>
        <translation>Конфигурационният файл съдържа грешки.</translation>
    </message>
    <message>
        <source>http/address must be an IP address or &apos;localhost&apos;, not &apos;%1&apos;</source>
        <translation>http/address трябва да е IP адрес или „localhost“, а не „%1“</translation>
    </message>
    <message>
        <source>Delovod: the registry office&apos;s desktop client.</source>
        <translation>Деловод: настолното приложение на деловодството.</translation>
    </message>
    <message>
        <source>The database: an SQLite file (sqlite:/path/file.db) or postgresql://user@host/name.</source>
        <translation>Базата данни: файл на SQLite (sqlite:/path/file.db) или postgresql://user@host/name.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Fill the database with demonstration data first.</source>
        <translation>Първо попълва базата данни с демонстрационни данни.</translation>
    </message>
    <message>
        <source>Sign in as this user.</source>
        <translation>Вход като този потребител.</translation>
    </message>
    <message>
        <source>The language of the interface (bg, en).</source>
        <translation>Езикът на интерфейса (bg, en).</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>ЕЗИК</translation>
    </message>
    <message>
        <source>Quit after this many milliseconds (for smoke tests).</source>
        <translation>Изход след толкова милисекунди (за бързи проверки).</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>МС</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Неочакван аргумент: %1</translation>
    </message>
    <message>
        <source>--quit-after-ms needs a positive number of milliseconds.</source>
        <translation>--quit-after-ms изисква положителен брой милисекунди.</translation>
    </message>
    <message>
        <source>--database needs a URL.</source>
        <translation>--database изисква URL адрес.</translation>
    </message>
    <message>
        <source>With --quit-after-ms: save a picture of the window (PNG) first.</source>
        <translation>Заедно с --quit-after-ms: първо записва изображение на прозореца (PNG).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ФАЙЛ</translation>
    </message>
    <message>
        <source>--screenshot needs --quit-after-ms.</source>
        <translation>--screenshot изисква --quit-after-ms.</translation>
    </message>
    <message>
        <source>No scanner was chosen.</source>
        <translation>Не е избран скенер.</translation>
    </message>
    <message>
        <source>The scanner has no such setting.</source>
        <translation>Скенерът няма такава настройка.</translation>
    </message>
    <message>
        <source>This scanner setting cannot be changed now.</source>
        <translation>Тази настройка на скенера не може да бъде променена сега.</translation>
    </message>
    <message>
        <source>The value does not fit this scanner setting.</source>
        <translation>Стойността не е допустима за тази настройка на скенера.</translation>
    </message>
    <message>
        <source>The scanner has no such paper source.</source>
        <translation>Скенерът няма такъв източник на хартия.</translation>
    </message>
    <message>
        <source>The scanner cannot scan in this colour mode.</source>
        <translation>Скенерът не може да сканира в този цветови режим.</translation>
    </message>
    <message>
        <source>The scanner cannot limit the scan area.</source>
        <translation>Скенерът не може да ограничи областта на сканиране.</translation>
    </message>
    <message>
        <source>The scanner sends images in a format Delovod cannot read.</source>
        <translation>Скенерът изпраща изображения във формат, който Деловод не може да прочете.</translation>
    </message>
    <message>
        <source>There is not enough memory for the scanned page.</source>
        <translation>Няма достатъчно памет за сканираната страница.</translation>
    </message>
    <message>
        <source>The document feeder is empty.</source>
        <translation>Подаващото устройство е празно.</translation>
    </message>
    <message>
        <source>The paper is jammed in the scanner.</source>
        <translation>Хартията е заседнала в скенера.</translation>
    </message>
    <message>
        <source>The scanner cover is open.</source>
        <translation>Капакът на скенера е отворен.</translation>
    </message>
    <message>
        <source>The scanner is busy.</source>
        <translation>Скенерът е зает.</translation>
    </message>
    <message>
        <source>The scanner stopped responding (input/output error).</source>
        <translation>Скенерът спря да отговаря (грешка при вход/изход).</translation>
    </message>
    <message>
        <source>The scanner refused the settings.</source>
        <translation>Скенерът отказа настройките.</translation>
    </message>
    <message>
        <source>The scanner does not support this operation.</source>
        <translation>Скенерът не поддържа това действие.</translation>
    </message>
    <message>
        <source>Access to the scanner was denied.</source>
        <translation>Достъпът до скенера е отказан.</translation>
    </message>
    <message>
        <source>The scanner driver ran out of memory.</source>
        <translation>Драйверът на скенера няма достатъчно памет.</translation>
    </message>
    <message>
        <source>The scanner driver reported an unexpected state.</source>
        <translation>Драйверът на скенера съобщи за неочаквано състояние.</translation>
    </message>
    <message>
        <source>The scanner driver reported an unknown error.</source>
        <translation>Драйверът на скенера съобщи за неизвестна грешка.</translation>
    </message>
    <message>
        <source>Wrong PIN. The PIN is now locked.</source>
        <translation>Грешен ПИН. ПИН кодът вече е блокиран.</translation>
    </message>
    <message>
        <source>Wrong PIN. One try is left before the PIN is locked.</source>
        <translation>Грешен ПИН. Остава един опит, преди ПИН кодът да бъде блокиран.</translation>
    </message>
    <message>
        <source>Wrong PIN. Only a few tries are left before the PIN is locked.</source>
        <translation>Грешен ПИН. Остават малко опити, преди ПИН кодът да бъде блокиран.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Грешен ПИН.</translation>
    </message>
    <message>
        <source>The PIN is locked. Unblock it with the PUK or contact the issuer of the card.</source>
        <translation>ПИН кодът е блокиран. Отблокирайте го с PUK кода или се обърнете към издателя на картата.</translation>
    </message>
    <message>
        <source>The PIN has expired and must be changed first.</source>
        <translation>ПИН кодът е изтекъл и първо трябва да бъде сменен.</translation>
    </message>
    <message>
        <source>The card has no PIN set yet.</source>
        <translation>На картата все още няма зададен ПИН код.</translation>
    </message>
    <message>
        <source>The card in the reader is not recognised.</source>
        <translation>Картата в четеца не е разпозната.</translation>
    </message>
    <message>
        <source>The key is no longer on the card.</source>
        <translation>Ключът вече не е на картата.</translation>
    </message>
    <message>
        <source>This key cannot make this kind of signature.</source>
        <translation>С този ключ не може да се създаде такъв подпис.</translation>
    </message>
    <message>
        <source>The card refused the data to sign.</source>
        <translation>Картата отказа данните за подписване.</translation>
    </message>
    <message>
        <source>The card is busy with another operation.</source>
        <translation>Картата е заета с друга операция.</translation>
    </message>
    <message>
        <source>The card needs the PIN first.</source>
        <translation>Картата първо изисква ПИН код.</translation>
    </message>
    <message>
        <source>The card or its reader reported an error.</source>
        <translation>Картата или четецът ѝ съобщи за грешка.</translation>
    </message>
    <message>
        <source>The card software reported an unexpected error.</source>
        <translation>Софтуерът на картата съобщи за неочаквана грешка.</translation>
    </message>
    <message>
        <source>The %1 file is not set.</source>
        <translation>Не е зададен файлът „%1“.</translation>
    </message>
    <message>
        <source>Cannot read the %1 file.</source>
        <translation>Файлът „%1“ не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Cannot restrict TLS to version 1.2 or newer.</source>
        <translation>TLS не може да бъде ограничен до версия 1.2 или по-нова.</translation>
    </message>
    <message>
        <source>The server certificate cannot be loaded.</source>
        <translation>Удостоверението на сървъра не може да бъде заредено.</translation>
    </message>
    <message>
        <source>The server key cannot be loaded.</source>
        <translation>Ключът на сървъра не може да бъде зареден.</translation>
    </message>
    <message>
        <source>The server key does not match the certificate.</source>
        <translation>Ключът на сървъра не съответства на удостоверението.</translation>
    </message>
    <message>
        <source>The client CA file holds no usable certificate.</source>
        <translation>Файлът с удостоверителя за клиентите не съдържа използваемо удостоверение.</translation>
    </message>
    <message>
        <source>Cannot require client certificates.</source>
        <translation>Не може да бъдат изискани клиентски удостоверения.</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>Заявката е твърде голяма.</translation>
    </message>
    <message>
        <source>The request header is too large.</source>
        <translation>Заглавната част на заявката е твърде голяма.</translation>
    </message>
    <message>
        <source>The request is not valid HTTP.</source>
        <translation>Заявката не е валидна HTTP заявка.</translation>
    </message>
    <message>
        <source>The HTTP server has already been started.</source>
        <translation>HTTP сървърът вече е стартиран.</translation>
    </message>
    <message>
        <source>The listening address is not an IP address.</source>
        <translation>Адресът за слушане не е IP адрес.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2.</source>
        <translation>Не може да се слуша на %1, порт %2.</translation>
    </message>
    <message>
        <source>There is no such resource.</source>
        <translation>Няма такъв ресурс.</translation>
    </message>
    <message>
        <source>This resource does not accept this method.</source>
        <translation>Този ресурс не приема този метод.</translation>
    </message>
    <message>
        <source>HTTP address: %1:%2</source>
        <translation>HTTP адрес: %1:%2</translation>
    </message>
    <message>
        <source>TLS: the certificate, key and client CA are valid.</source>
        <translation>TLS: удостоверението, ключът и удостоверителят за клиентите са валидни.</translation>
    </message>
    <message>
        <source>TLS: not configured; the server cannot serve without [tls].</source>
        <translation>TLS: не е настроен; сървърът не може да обслужва без [tls].</translation>
    </message>
    <message>
        <source>Serving https://%1:%2 (database %3).</source>
        <translation>Обслужва https://%1:%2 (база данни %3).</translation>
    </message>
    <message>
        <source>Stopped (signal %1).</source>
        <translation>Спрян (сигнал %1).</translation>
    </message>
    <message>
        <source>Serve HTTPS until SIGTERM or SIGINT (needs the [tls] settings).</source>
        <translation>Обслужва HTTPS до SIGTERM или SIGINT (изисква настройките в [tls]).</translation>
    </message>
    <message>
        <source>--serve and --check-config cannot be combined.</source>
        <translation>--serve и --check-config не могат да се използват заедно.</translation>
    </message>
    <message>
        <source>The server cannot serve without TLS: set [tls] certificate, key and client_ca in the configuration file (--check-config validates them).</source>
        <translation>Сървърът не може да обслужва без TLS: задайте certificate, key и client_ca в раздел [tls] на конфигурационния файл (--check-config ги проверява).</translation>
    </message>
    <message>
        <source>http/port must be a number from 0 (any free port) to 65535</source>
        <translation>http/port трябва да е число от 0 (произволен свободен порт) до 65535</translation>
    </message>
    <message>
        <source>http/threads must be a number from 1 to 256</source>
        <translation>http/threads трябва да е число от 1 до 256</translation>
    </message>
    <message>
        <source>tls/certificate, tls/key and tls/client_ca must be set together</source>
        <translation>tls/certificate, tls/key и tls/client_ca трябва да бъдат зададени заедно</translation>
    </message>
    <message>
        <source>limits/max_header_bytes must be a number from 1024 to 1048576</source>
        <translation>limits/max_header_bytes трябва да е число от 1024 до 1048576</translation>
    </message>
    <message>
        <source>limits/max_body_bytes must be a number of bytes</source>
        <translation>limits/max_body_bytes трябва да е брой байтове</translation>
    </message>
    <message>
        <source>limits/request_timeout_ms must be a positive number of milliseconds</source>
        <translation>limits/request_timeout_ms трябва да е положителен брой милисекунди</translation>
    </message>
    <message>
        <source>limits/idle_timeout_ms must be a positive number of milliseconds</source>
        <translation>limits/idle_timeout_ms трябва да е положителен брой милисекунди</translation>
    </message>
    <message>
        <source>limits/shutdown_timeout_ms must be a number of milliseconds</source>
        <translation>limits/shutdown_timeout_ms трябва да е брой милисекунди</translation>
    </message>
    <message>
        <source>The page could not be compressed as CCITT Group 4.</source>
        <translation>Страницата не може да бъде компресирана като CCITT Group 4.</translation>
    </message>
    <message>
        <source>Only black-and-white images can be compressed as G4.</source>
        <translation>Само черно-бели изображения могат да бъдат компресирани като G4.</translation>
    </message>
    <message>
        <source>The PDF writer is already writing a document.</source>
        <translation>Вече се записва друг PDF документ.</translation>
    </message>
    <message>
        <source>The page has no image.</source>
        <translation>Страницата няма изображение.</translation>
    </message>
    <message>
        <source>Pages with transparency cannot be stored in PDF/A.</source>
        <translation>Страници с прозрачност не могат да бъдат записани в PDF/A.</translation>
    </message>
    <message>
        <source>The page could not be compressed as JPEG.</source>
        <translation>Страницата не може да бъде компресирана като JPEG.</translation>
    </message>
    <message>
        <source>The PDF cannot be written: the output is not open for writing.</source>
        <translation>PDF документът не може да бъде записан: изходът не е отворен за запис.</translation>
    </message>
    <message>
        <source>The PDF file could not be created.</source>
        <translation>PDF файлът не може да бъде създаден.</translation>
    </message>
    <message>
        <source>The PDF writer is not open.</source>
        <translation>Записът на PDF не е започнат.</translation>
    </message>
    <message>
        <source>The page has no resolution.</source>
        <translation>Страницата няма зададена резолюция.</translation>
    </message>
    <message>
        <source>The page is too large for PDF.</source>
        <translation>Страницата е твърде голяма за PDF.</translation>
    </message>
    <message>
        <source>The document has no pages; no PDF was written.</source>
        <translation>Документът няма страници; не е записан PDF.</translation>
    </message>
    <message>
        <source>The PDF file could not be saved.</source>
        <translation>PDF файлът не може да бъде запазен.</translation>
    </message>
    <message>
        <source>The PDF could not be written.</source>
        <translation>PDF документът не може да бъде записан.</translation>
    </message>
    <message>
        <source>The sRGB colour profile could not be created.</source>
        <translation>Цветовият профил sRGB не може да бъде създаден.</translation>
    </message>
    <message>
        <source>The file is not a valid CAdES signature (CMS SignedData).</source>
        <translation>Файлът не е валиден CAdES подпис (CMS SignedData).</translation>
    </message>
    <message>
        <source>The signature&apos;s time-stamp is malformed.</source>
        <translation>Удостоверението за време на подписа е повредено.</translation>
    </message>
    <message>
        <source>The time-stamping authority&apos;s answer is not valid.</source>
        <translation>Отговорът на доставчика на удостоверения за време не е валиден.</translation>
    </message>
    <message>
        <source>There is no such page.</source>
        <translation>Няма такава страница.</translation>
    </message>
    <message>
        <source>A page was given more than once.</source>
        <translation>Страница е посочена повече от веднъж.</translation>
    </message>
    <message>
        <source>The new page order does not list every page once.</source>
        <translation>Новият ред на страниците не съдържа всяка страница точно веднъж.</translation>
    </message>
    <message>
        <source>A blob is named by its SHA-256 in lower-case hex.</source>
        <translation>Блокът данни се именува с неговия SHA-256 в шестнадесетичен запис с малки букви.</translation>
    </message>
    <message>
        <source>The part number is out of range.</source>
        <translation>Номерът на частта е извън допустимите граници.</translation>
    </message>
    <message>
        <source>A part may hold at most 8 MiB.</source>
        <translation>Една част може да съдържа най-много 8 MiB.</translation>
    </message>
    <message>
        <source>The part does not match its SHA-256; send it again.</source>
        <translation>Частта не съответства на своя SHA-256; изпратете я отново.</translation>
    </message>
    <message>
        <source>Could not store the part.</source>
        <translation>Частта не можа да бъде съхранена.</translation>
    </message>
    <message>
        <source>Could not read a part.</source>
        <translation>Част не можа да бъде прочетена.</translation>
    </message>
    <message>
        <source>The part count is out of range.</source>
        <translation>Броят на частите е извън допустимите граници.</translation>
    </message>
    <message>
        <source>Could not join the parts.</source>
        <translation>Частите не можаха да бъдат съединени.</translation>
    </message>
    <message>
        <source>Part %1 of the upload is missing.</source>
        <translation>Липсва част %1 от качването.</translation>
    </message>
    <message>
        <source>The uploaded bytes do not match their SHA-256; the upload was discarded.</source>
        <translation>Качените байтове не съответстват на своя SHA-256; качването е отхвърлено.</translation>
    </message>
    <message>
        <source>The stored blob does not match its SHA-256.</source>
        <translation>Съхраненият блок данни не съответства на своя SHA-256.</translation>
    </message>
    <message>
        <source>The change feed counter is missing.</source>
        <translation>Липсва броячът на потока от промени.</translation>
    </message>
    <message>
        <source>Give the desk a name of at most 100 characters.</source>
        <translation>Дайте на работното място име от най-много 100 знака.</translation>
    </message>
    <message>
        <source>The certificate fingerprint must be 64 lower-case hexadecimal digits.</source>
        <translation>Отпечатъкът на удостоверението трябва да е 64 шестнадесетични цифри с малки букви.</translation>
    </message>
    <message>
        <source>A desk with this name or certificate is already registered.</source>
        <translation>Вече е регистрирано работно място с това име или удостоверение.</translation>
    </message>
    <message>
        <source>This workstation&apos;s certificate is not registered as a desk.</source>
        <translation>Удостоверението на тази работна станция не е регистрирано като работно място.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Няма връзка със сървъра.</translation>
    </message>
    <message>
        <source>The channel or the access level is not valid.</source>
        <translation>Каналът или нивото на достъп не са валидни.</translation>
    </message>
    <message>
        <source>The kind of correspondent is not valid.</source>
        <translation>Видът на кореспондента не е валиден.</translation>
    </message>
    <message>
        <source>This command id was already used by another desk.</source>
        <translation>Този идентификатор на команда вече е използван от друго работно място.</translation>
    </message>
    <message>
        <source>Each command needs an op_id: a UUID in lower case.</source>
        <translation>Всяка команда трябва да има op_id: UUID с малки букви.</translation>
    </message>
    <message>
        <source>A provisional entry needs its number and its local receipt time.</source>
        <translation>Временният запис трябва да има номер и местно време на получаване.</translation>
    </message>
    <message>
        <source>Could not record the provisional entry.</source>
        <translation>Временният запис не можа да бъде записан.</translation>
    </message>
    <message>
        <source>Unknown command kind.</source>
        <translation>Непознат вид команда.</translation>
    </message>
    <message>
        <source>The command could not be stored; push it again.</source>
        <translation>Командата не можа да бъде съхранена; изпратете я отново.</translation>
    </message>
    <message>
        <source>Could not issue a provisional number.</source>
        <translation>Не можа да бъде издаден временен номер.</translation>
    </message>
    <message>
        <source>The command is larger than the server accepts.</source>
        <translation>Командата е по-голяма от допустимото за сървъра.</translation>
    </message>
    <message>
        <source>The server could not take the command now.</source>
        <translation>Сървърът не може да приеме командата в момента.</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Изпращане</translation>
    </message>
    <message>
        <source>The server answered only part of the commands.</source>
        <translation>Сървърът отговори само на част от командите.</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Получаване</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>Съдържанието на заявката не е JSON обект.</translation>
    </message>
    <message>
        <source>The push needs an &quot;ops&quot; array.</source>
        <translation>Изпращането изисква масив „ops“.</translation>
    </message>
    <message>
        <source>At most %1 commands per push.</source>
        <translation>Най-много %1 команди при едно изпращане.</translation>
    </message>
    <message>
        <source>Each command needs op_id, kind and a payload object.</source>
        <translation>Всяка команда трябва да има op_id, kind и обект payload.</translation>
    </message>
    <message>
        <source>cursor, limit and wait must be numbers.</source>
        <translation>cursor, limit и wait трябва да са числа.</translation>
    </message>
    <message>
        <source>Ask about at most 10000 blobs at once.</source>
        <translation>Питайте за най-много 10000 блока данни наведнъж.</translation>
    </message>
    <message>
        <source>The part number is missing.</source>
        <translation>Липсва номерът на частта.</translation>
    </message>
    <message>
        <source>The part count is missing.</source>
        <translation>Липсва броят на частите.</translation>
    </message>
    <message>
        <source>Log in on this desk first (the session is unknown or has expired).</source>
        <translation>Първо влезте на това работно място (сесията е непозната или е изтекла).</translation>
    </message>
    <message>
        <source>No active user with this login.</source>
        <translation>Няма активен потребител с това потребителско име.</translation>
    </message>
    <message>
        <source>The message will be sent again.</source>
        <translation>Съобщението ще бъде изпратено отново.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Imported %1 participants.</source>
        <translation>Внесени са %1 участници.</translation>
    </message>
    <message>
        <source>list the СЕОС outbox</source>
        <translation>извежда изходящите съобщения по СЕОС</translation>
    </message>
    <message>
        <source>Lists the messages to other administrations with their delivery state, attempts and last error.</source>
        <translation>Извежда съобщенията до други администрации със състоянието на доставката, броя опити и последната грешка.</translation>
    </message>
    <message>
        <source>list the СЕОС inbox</source>
        <translation>извежда входящите съобщения по СЕОС</translation>
    </message>
    <message>
        <source>Lists the documents received from other administrations with their status and, once registered, our registration index.</source>
        <translation>Извежда документите, получени от други администрации, със състоянието им и, след регистриране, нашия регистрационен индекс.</translation>
    </message>
    <message>
        <source>send a failed СЕОС message again</source>
        <translation>изпраща повторно неуспешно съобщение по СЕОС</translation>
    </message>
    <message>
        <source>Puts a failed outbox message back in the queue, due now, with a fresh retry schedule. The message is resent unchanged.</source>
        <translation>Връща неуспешно изходящо съобщение в опашката за незабавно изпращане с нов график на повторните опити. Съобщението се изпраща отново без промени.</translation>
    </message>
    <message>
        <source>replace the СЕОС participant registry from a file</source>
        <translation>заменя регистъра на участниците в СЕОС с данни от файл</translation>
    </message>
    <message>
        <source>For closed networks without the registry service: reads a JSON array of participants (guid, identifier, name, certificateSN, endpoint, active) and replaces the offline copy. Nothing is imported when a record is invalid.</source>
        <translation>За затворени мрежи без достъп до услугата на регистъра: чете JSON масив от участници (guid, identifier, name, certificateSN, endpoint, active) и заменя локалното копие. Ако някой запис е невалиден, не се внася нищо.</translation>
    </message>
    <message>
        <source>%1 dpi, %2, %3, %4</source>
        <translation>%1 dpi, %2, %3, %4</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профил</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Скенер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>This build has no scanner support (SANE).</source>
        <translation>Тази компилация няма поддръжка на скенери (SANE).</translation>
    </message>
    <message>
        <source>The option --mode takes lineart, gray or color.</source>
        <translation>Опцията --mode приема lineart, gray или color.</translation>
    </message>
    <message>
        <source>The option --source takes flatbed, feeder or duplex.</source>
        <translation>Опцията --source приема flatbed, feeder или duplex.</translation>
    </message>
    <message>
        <source>Give either --device or --import, not both.</source>
        <translation>Задайте или --device, или --import, но не и двете.</translation>
    </message>
    <message>
        <source>No scanner was found.</source>
        <translation>Не е намерен скенер.</translation>
    </message>
    <message>
        <source>The option --option takes NAME=VALUE.</source>
        <translation>Опцията --option приема ИМЕ=СТОЙНОСТ.</translation>
    </message>
    <message>
        <source>Page %1 …</source>
        <translation>Страница %1 …</translation>
    </message>
    <message>
        <source>No page was scanned.</source>
        <translation>Не е сканирана нито една страница.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n page(s)</source>
        <translation>
            <numerusform>%1: %n страница</numerusform>
            <numerusform>%1: %n страници</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Separator sheets left out: %n</source>
        <translation>
            <numerusform>Пропуснати разделителни листове: %n</numerusform>
            <numerusform>Пропуснати разделителни листове: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Blank pages left out: %n</source>
        <translation>
            <numerusform>Пропуснати празни страници: %n</numerusform>
            <numerusform>Пропуснати празни страници: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Blank pages kept: %n</source>
        <translation>
            <numerusform>Запазени празни страници: %n</numerusform>
            <numerusform>Запазени празни страници: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>scan paper (or import files) into PDF/A documents</source>
        <translation>сканира хартиени документи (или внася файлове) в PDF/A документи</translation>
    </message>
    <message>
        <source>The PDF file to write.</source>
        <translation>PDF файлът, който да бъде записан.</translation>
    </message>
    <message>
        <source>The scanner (see &apos;scan devices&apos;).</source>
        <translation>Скенерът (вижте „scan devices“).</translation>
    </message>
    <message>
        <source>A file to import instead of scanning; repeatable.</source>
        <translation>Файл за внасяне вместо сканиране; може да се повтаря.</translation>
    </message>
    <message>
        <source>The scan profile (see &apos;scan profiles&apos;).</source>
        <translation>Профилът за сканиране (вижте „scan profiles“).</translation>
    </message>
    <message>
        <source>Override the profile: lineart, gray or color.</source>
        <translation>Замества профила: lineart, gray или color.</translation>
    </message>
    <message>
        <source>Override the profile: dots per inch.</source>
        <translation>Замества профила: точки на инч.</translation>
    </message>
    <message>
        <source>Override the profile: flatbed, feeder or duplex.</source>
        <translation>Замества профила: flatbed, feeder или duplex.</translation>
    </message>
    <message>
        <source>Stop after this many pages (0: until the feeder is empty).</source>
        <translation>Спира след този брой страници (0: докато подаващото устройство не се изпразни).</translation>
    </message>
    <message>
        <source>A scanner driver option; repeatable.</source>
        <translation>Опция на драйвера на скенера; може да се повтаря.</translation>
    </message>
    <message>
        <source>The documents&apos; title.</source>
        <translation>Заглавието на документите.</translation>
    </message>
    <message>
        <source>list the scanners that can be used</source>
        <translation>извежда скенерите, които могат да бъдат използвани</translation>
    </message>
    <message>
        <source>Lists the scanners SANE finds now (this may take seconds with network scanners).</source>
        <translation>Извежда скенерите, които SANE намира в момента (при мрежови скенери това може да отнеме няколко секунди).</translation>
    </message>
    <message>
        <source>list the scan profiles</source>
        <translation>извежда профилите за сканиране</translation>
    </message>
    <message>
        <source>Lists the scan profiles shared with the desktop client; until one is saved there, the shipped ones.</source>
        <translation>Извежда профилите за сканиране, общи с настолния клиент; докато там не бъде запазен профил — доставените с програмата.</translation>
    </message>
    <message>
        <source>The environment variable %1 is not set.</source>
        <translation>Променливата на средата %1 не е зададена.</translation>
    </message>
    <message>
        <source>Give either --pkcs12 FILE --pass-env VAR or --token LABEL --pin-env VAR.</source>
        <translation>Задайте или --pkcs12 ФАЙЛ --pass-env ПРОМЕНЛИВА, или --token ЕТИКЕТ --pin-env ПРОМЕНЛИВА.</translation>
    </message>
    <message>
        <source>The token has no qualified signing certificate%1.</source>
        <translation>В токена няма квалифицирано удостоверение за подписване%1.</translation>
    </message>
    <message>
        <source> with that key id</source>
        <translation> с този идентификатор на ключ</translation>
    </message>
    <message>
        <source>No token with the label &quot;%1&quot; is present.</source>
        <translation>Няма токен с етикет „%1“.</translation>
    </message>
    <message>
        <source>This delovodctl was built without smartcard (PKCS#11) support.</source>
        <translation>Този delovodctl е компилиран без поддръжка на смарт карти (PKCS#11).</translation>
    </message>
    <message>
        <source>Unknown signature format &quot;%1&quot;: use cades, pades or xades.</source>
        <translation>Непознат формат на подписа „%1“: използвайте cades, pades или xades.</translation>
    </message>
    <message>
        <source>The file to sign does not exist.</source>
        <translation>Файлът за подписване не съществува.</translation>
    </message>
    <message>
        <source>The file to sign cannot be read.</source>
        <translation>Файлът за подписване не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Signed by %1: %2</source>
        <translation>Подписано от %1: %2</translation>
    </message>
    <message>
        <source>Indication: %1</source>
        <translation>Резултат: %1</translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation>Ниво: %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Формат: %1</translation>
    </message>
    <message>
        <source>Signer: %1</source>
        <translation>Подписващ: %1</translation>
    </message>
    <message>
        <source>Signing time: %1 (%2)</source>
        <translation>Време на подписване: %1 (%2)</translation>
    </message>
    <message>
        <source>time-stamp</source>
        <translation>удостоверение за време</translation>
    </message>
    <message>
        <source>claimed by the signer</source>
        <translation>заявено от подписващия</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Грешка: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Забележка: %1</translation>
    </message>
    <message>
        <source>The signed file cannot be read.</source>
        <translation>Подписаният файл не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The signature file cannot be read.</source>
        <translation>Файлът с подписа не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The file is neither PDF nor XML; give the detached signature with --signature.</source>
        <translation>Файлът не е нито PDF, нито XML; задайте отделения подпис с --signature.</translation>
    </message>
    <message>
        <source>The file has no signature.</source>
        <translation>Файлът няма подпис.</translation>
    </message>
    <message>
        <source>Signature %1 of %2</source>
        <translation>Подпис %1 от %2</translation>
    </message>
    <message>
        <source>sign a file with a smartcard or a PKCS#12 key</source>
        <translation>подписва файл със смарт карта или с ключ PKCS#12</translation>
    </message>
    <message>
        <source>cades, pades or xades.</source>
        <translation>cades, pades или xades.</translation>
    </message>
    <message>
        <source>The PKCS#12 key file.</source>
        <translation>Файлът с ключ PKCS#12.</translation>
    </message>
    <message>
        <source>The environment variable holding the PKCS#12 password.</source>
        <translation>Променливата на средата, която съдържа паролата за PKCS#12.</translation>
    </message>
    <message>
        <source>The label of the smartcard/token.</source>
        <translation>Етикетът на смарт картата/токена.</translation>
    </message>
    <message>
        <source>The environment variable holding the token PIN.</source>
        <translation>Променливата на средата, която съдържа ПИН кода на токена.</translation>
    </message>
    <message>
        <source>The key&apos;s PKCS#11 id (hex) when the token has several.</source>
        <translation>Идентификаторът PKCS#11 на ключа (шестнадесетичен), когато в токена има няколко.</translation>
    </message>
    <message>
        <source>The PKCS#11 module (default: p11-kit-proxy.so).</source>
        <translation>Модулът PKCS#11 (по подразбиране: p11-kit-proxy.so).</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>Файлът, който да бъде записан.</translation>
    </message>
    <message>
        <source>verify the signatures of a file</source>
        <translation>проверява подписите на файл</translation>
    </message>
    <message>
        <source>Verifies the PAdES signatures of a PDF, the enveloped XMLDSig/XAdES signature of an XML document, or a detached CAdES signature (--signature, or FILE.p7s next to FILE), and prints a report per signature like the EU DSS: TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED with the reason, the level (QES, AdES-QC, AdES), the signer and the signing time. Certificates chain to the anchors of --trust (PEM); without it no chain is trusted. The revocation of CAdES and PAdES signers is checked with the embedded OCSP/CRL data, then online; --no-revocation makes a missing status a warning and stays offline (XML signatures are not checked for revocation yet). Exits with 0 when every signature passed, 3 when one failed or is indeterminate (or there is none), 1 for a wrong command line and 2 when the file cannot be read.</source>
        <translation>Проверява PAdES подписите на PDF файл, вградения XMLDSig/XAdES подпис на XML документ или отделен CAdES подпис (--signature или ФАЙЛ.p7s до ФАЙЛ) и извежда отчет за всеки подпис като EU DSS: TOTAL_PASSED, INDETERMINATE или TOTAL_FAILED с причината, нивото (QES, AdES-QC, AdES), подписващия и времето на подписване. Удостоверенията трябва да водят до доверените удостоверения от --trust (PEM); без тази опция нито една верига не е доверена. Дали удостоверенията на подписващите при CAdES и PAdES са прекратени, се проверява с вградените данни OCSP/CRL, а след това онлайн; с --no-revocation липсващият статус е само предупреждение и не се осъществява връзка с мрежата (при XML подписите статусът още не се проверява). Изходен код 0, когато всички подписи са преминали проверката, 3, когато някой е неуспешен или неопределен (или няма подпис), 1 при грешен команден ред и 2, когато файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The detached CAdES signature of FILE.</source>
        <translation>Отделеният CAdES подпис на ФАЙЛ.</translation>
    </message>
    <message>
        <source>The trusted CA certificates (PEM).</source>
        <translation>Доверените удостоверения на удостоверяващи органи (PEM).</translation>
    </message>
    <message>
        <source>Do not require the certificates&apos; revocation status and do not go online.</source>
        <translation>Не изисква статус на удостоверенията (прекратено или не) и не се свързва с мрежата.</translation>
    </message>
    <message>
        <source>Accept XML signatures with SHA-1 (Article 18 exchange messages).</source>
        <translation>Приема XML подписи със SHA-1 (съобщения за обмен по чл. 18).</translation>
    </message>
    <message>
        <source>sync/session_minutes must be a number from 1 to 10080</source>
        <translation>sync/session_minutes трябва да е число от 1 до 10080</translation>
    </message>
    <message>
        <source>Cannot read the desk&apos;s certificate.</source>
        <translation>Удостоверението на работното място не може да бъде прочетено.</translation>
    </message>
    <message>
        <source>Cannot read the desk&apos;s private key.</source>
        <translation>Частният ключ на работното място не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s CA certificate.</source>
        <translation>Удостоверението на удостоверителя на сървъра не може да бъде прочетено.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Спрян.</translation>
    </message>
    <message>
        <source>The TIFF file &quot;%1&quot; is damaged or truncated.</source>
        <translation>TIFF файлът „%1“ е повреден или непълен.</translation>
    </message>
    <message>
        <source>The page cannot be read as an image.</source>
        <translation>Страницата не може да бъде прочетена като изображение.</translation>
    </message>
    <message>
        <source>The text recognition could not load its language data.</source>
        <translation>Разпознаването на текст не можа да зареди езиковите си данни.</translation>
    </message>
    <message>
        <source>Text recognition was cancelled.</source>
        <translation>Разпознаването на текст е прекратено.</translation>
    </message>
    <message>
        <source>The text of the page could not be recognised.</source>
        <translation>Текстът на страницата не можа да бъде разпознат.</translation>
    </message>
    <message>
        <source>The file is not a PDF document that can be signed.</source>
        <translation>Файлът не е PDF документ, който може да бъде подписан.</translation>
    </message>
    <message>
        <source>Encrypted PDF documents cannot be signed.</source>
        <translation>Шифровани PDF документи не могат да бъдат подписвани.</translation>
    </message>
    <message>
        <source>The document has no page %1.</source>
        <translation>Документът няма страница %1.</translation>
    </message>
    <message>
        <source>The PDF file was changed while it was being signed.</source>
        <translation>PDF файлът е променен по време на подписването.</translation>
    </message>
    <message>
        <source>The signature value is not a signature dictionary.</source>
        <translation>Стойността на подписа не е речник на подпис.</translation>
    </message>
    <message>
        <source>Signatures of type %1 are not supported.</source>
        <translation>Подписи от вида %1 не се поддържат.</translation>
    </message>
    <message>
        <source>The signature has no /Contents.</source>
        <translation>Подписът няма /Contents.</translation>
    </message>
    <message>
        <source>The signature has no valid /ByteRange.</source>
        <translation>Подписът няма валиден /ByteRange.</translation>
    </message>
    <message>
        <source>The signed bytes do not start at the beginning of the file.</source>
        <translation>Подписаните байтове не започват от началото на файла.</translation>
    </message>
    <message>
        <source>The signature&apos;s /ByteRange is malformed.</source>
        <translation>/ByteRange на подписа е неправилно оформен.</translation>
    </message>
    <message>
        <source>The file is shorter than the signed bytes: it was truncated.</source>
        <translation>Файлът е по-къс от подписаните байтове: бил е съкратен.</translation>
    </message>
    <message>
        <source>The bytes left out of the signature are not the signature&apos;s /Contents.</source>
        <translation>Байтовете, изключени от подписа, не са /Contents на подписа.</translation>
    </message>
    <message>
        <source>The signed bytes do not end where a revision of the file ends.</source>
        <translation>Подписаните байтове не завършват там, където завършва редакция на файла.</translation>
    </message>
    <message>
        <source>The signature dictionary is not covered by the signature.</source>
        <translation>Речникът на подписа не е обхванат от подписа.</translation>
    </message>
    <message>
        <source>The signature&apos;s /Contents holds no CMS signature.</source>
        <translation>/Contents на подписа не съдържа CMS подпис.</translation>
    </message>
    <message>
        <source>The signature&apos;s /Contents holds data after the CMS signature.</source>
        <translation>/Contents на подписа съдържа данни след CMS подписа.</translation>
    </message>
    <message>
        <source>The font for the visible signature cannot be used.</source>
        <translation>Шрифтът за видимия подпис не може да бъде използван.</translation>
    </message>
    <message>
        <source>A SHA-1 digest has 20 bytes.</source>
        <translation>Хешът SHA-1 е с дължина 20 байта.</translation>
    </message>
    <message>
        <source>A certificate in the Trusted List is malformed.</source>
        <translation>Удостоверение в доверителния списък е неправилно оформено.</translation>
    </message>
    <message>
        <source>The time-stamp proves the signature was made at %1, after the signer&apos;s certificate had expired.</source>
        <translation>Удостоверението за време доказва, че подписът е положен на %1, след като удостоверението на подписващия е изтекло.</translation>
    </message>
    <message>
        <source>The OCSP responder does not know the signer&apos;s certificate.</source>
        <translation>OCSP услугата не познава удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The OCSP responder does not know a certificate authority&apos;s certificate.</source>
        <translation>OCSP услугата не познава удостоверение на удостоверяващ орган.</translation>
    </message>
    <message>
        <source>The revocation data of the signer&apos;s certificate is out of date.</source>
        <translation>Данните за статуса на удостоверението на подписващия са остарели.</translation>
    </message>
    <message>
        <source>The revocation data of a certificate authority&apos;s certificate is out of date.</source>
        <translation>Данните за статуса на удостоверение на удостоверяващ орган са остарели.</translation>
    </message>
    <message>
        <source>The revocation data of the signer&apos;s certificate could not be verified (wrong signature or responder, another certificate, malformed or an error answer).</source>
        <translation>Данните за статуса на удостоверението на подписващия не могат да бъдат проверени (грешен подпис или отговарящ сървър, друго удостоверение, неправилно оформен отговор или отговор с грешка).</translation>
    </message>
    <message>
        <source>The revocation data of a certificate authority&apos;s certificate could not be verified (wrong signature or responder, another certificate, malformed or an error answer).</source>
        <translation>Данните за статуса на удостоверение на удостоверяващ орган не могат да бъдат проверени (грешен подпис или отговарящ сървър, друго удостоверение, неправилно оформен отговор или отговор с грешка).</translation>
    </message>
    <message>
        <source>The revocation status of the signer&apos;s certificate could not be obtained: the revocation service cannot be reached.</source>
        <translation>Статусът на удостоверението на подписващия не може да бъде получен: няма връзка с услугата за проверка на статуса.</translation>
    </message>
    <message>
        <source>The revocation status of a certificate authority&apos;s certificate could not be obtained: the revocation service cannot be reached.</source>
        <translation>Статусът на удостоверение на удостоверяващ орган не може да бъде получен: няма връзка с услугата за проверка на статуса.</translation>
    </message>
    <message>
        <source>No acceptable revocation data (OCSP or CRL) was found for the signer&apos;s certificate.</source>
        <translation>Не са намерени приемливи данни за статуса (OCSP или CRL) на удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>No acceptable revocation data (OCSP or CRL) was found for a certificate authority&apos;s certificate.</source>
        <translation>Не са намерени приемливи данни за статуса (OCSP или CRL) на удостоверение на удостоверяващ орган.</translation>
    </message>
    <message>
        <source>A signature reference has an unexpected transform chain.</source>
        <translation>Препратка в подписа има неочаквана поредица от трансформации.</translation>
    </message>
    <message>
        <source>A signature reference uses a transform that is not accepted (%1).</source>
        <translation>Препратка в подписа използва неприемлива трансформация (%1).</translation>
    </message>
    <message>
        <source>A signature reference has no digest method.</source>
        <translation>Препратка в подписа няма метод за хеширане.</translation>
    </message>
    <message>
        <source>A signature reference has no digest value.</source>
        <translation>Препратка в подписа няма стойност на хеша.</translation>
    </message>
    <message>
        <source>The signing-certificate property does not name the certificate in the signature.</source>
        <translation>Свойството signing-certificate не посочва удостоверението в подписа.</translation>
    </message>
    <message>
        <source>The signature lacks the signing-certificate property binding the signer&apos;s certificate.</source>
        <translation>В подписа липсва свойството signing-certificate, което свързва удостоверението на подписващия.</translation>
    </message>
    <message>
        <source>The exchange message is not acceptable.</source>
        <translation>Съобщението за обмен не е приемливо.</translation>
    </message>
    <message>
        <source>The inbox entry does not exist.</source>
        <translation>Входящото съобщение не съществува.</translation>
    </message>
    <message>
        <source>The outbox entry does not exist.</source>
        <translation>Изходящото съобщение не съществува.</translation>
    </message>
    <message>
        <source>The other administration did not answer in time.</source>
        <translation>Другата администрация не отговори навреме.</translation>
    </message>
    <message>
        <source>A follow-up in a case file cannot take a reserved number.</source>
        <translation>Последващ документ в преписка не може да получи запазен номер.</translation>
    </message>
    <message>
        <source>This number was not reserved.</source>
        <translation>Този номер не е запазен.</translation>
    </message>
    <message>
        <source>This number is already taken.</source>
        <translation>Този номер вече е зает.</translation>
    </message>
    <message>
        <source>No such active desk.</source>
        <translation>Няма такова активно работно място.</translation>
    </message>
    <message>
        <source>A leased block holds 1 to %1 numbers.</source>
        <translation>Предоставеният блок съдържа от 1 до %1 номера.</translation>
    </message>
    <message>
        <source>No such desk.</source>
        <translation>Няма такова работно място.</translation>
    </message>
    <message>
        <source>This desk is disabled.</source>
        <translation>Това работно място е изключено.</translation>
    </message>
    <message>
        <source>Could not reserve the numbers.</source>
        <translation>Номерата не можаха да бъдат запазени.</translation>
    </message>
    <message>
        <source>This lease was already returned.</source>
        <translation>Този блок номера вече е върнат.</translation>
    </message>
    <message>
        <source>No such lease.</source>
        <translation>Няма такъв предоставен блок номера.</translation>
    </message>
    <message>
        <source>Unused leased number</source>
        <translation>Неизползван предоставен номер</translation>
    </message>
    <message>
        <source>This number is not in a lease of this desk.</source>
        <translation>Този номер не е в блок, предоставен на това работно място.</translation>
    </message>
    <message>
        <source>A leased number needs its number and its year.</source>
        <translation>Предоставеният номер трябва да има номер и година.</translation>
    </message>
    <message>
        <source>The exchange is not enabled in this configuration ([exchange] enabled).</source>
        <translation>Обменът не е включен в тази конфигурация ([exchange] enabled).</translation>
    </message>
    <message>
        <source>Queued as %1 (document GUID %2); delovod-server delivers it.</source>
        <translation>Поставено в опашката като %1 (GUID на документа %2); delovod-server ще го достави.</translation>
    </message>
    <message>
        <source>send a registered document to another administration over СЕОС</source>
        <translation>изпраща регистриран документ до друга администрация по СЕОС</translation>
    </message>
    <message>
        <source>The delovod-server configuration file with [exchange].</source>
        <translation>Конфигурационният файл на delovod-server с раздел [exchange].</translation>
    </message>
    <message>
        <source>A comment for the receiver.</source>
        <translation>Коментар за получателя.</translation>
    </message>
    <message>
        <source>This command works without a database.</source>
        <translation>Тази команда работи без база данни.</translation>
    </message>
    <message>
        <source>Give either --ocr or --no-ocr, not both.</source>
        <translation>Задайте или --ocr, или --no-ocr, но не и двете.</translation>
    </message>
    <message>
        <source>This build has no text recognition (OCR); scan with --no-ocr.</source>
        <translation>Тази компилация няма разпознаване на текст (OCR); сканирайте с --no-ocr.</translation>
    </message>
    <message>
        <source>Override the profile: recognise the text (searchable PDF).</source>
        <translation>Замества профила: разпознаване на текста (PDF с възможност за търсене).</translation>
    </message>
    <message>
        <source>Override the profile: no text recognition.</source>
        <translation>Замества профила: без разпознаване на текст.</translation>
    </message>
    <message>
        <source>--tsa is supported for cades and pades signatures only.</source>
        <translation>--tsa се поддържа само за подписи cades и pades.</translation>
    </message>
    <message>
        <source>Signs FILE as a detached CAdES signature (FILE.p7s), a PAdES signature inside a PDF (NAME-signed.pdf) or an enveloped XAdES signature inside an XML document (NAME-signed.xml); without --format the format follows the file&apos;s content. The key is a PKCS#12 file whose password is in the environment variable named by --pass-env, or the first qualified certificate (or --key-id) of the token with the given label, whose PIN is in the variable named by --pin-env. Signatures are baseline B; with --tsa (http:// URL of an RFC 3161 time-stamping authority) CAdES and PAdES signatures are time-stamped (baseline T). Exits with 0 when signed, 1 for a wrong command line and 2 when signing failed (wrong PIN, expired certificate ...).</source>
        <translation>Подписва ФАЙЛ с отделен CAdES подпис (ФАЙЛ.p7s), с PAdES подпис в PDF (ИМЕ-signed.pdf) или с вграден XAdES подпис в XML документ (ИМЕ-signed.xml); без --format форматът се определя от съдържанието на файла. Ключът е файл PKCS#12, чиято парола е в променливата на средата, посочена с --pass-env, или първото квалифицирано удостоверение (или --key-id) на токена с дадения етикет, чийто ПИН код е в променливата, посочена с --pin-env. Подписите са от ниво baseline B; с --tsa (http:// адрес на доставчик на удостоверения за време по RFC 3161) подписите CAdES и PAdES получават удостоверение за време (baseline T). Изходен код 0 при успешно подписване, 1 при грешен команден ред и 2 при неуспешно подписване (грешен ПИН код, изтекло удостоверение ...).</translation>
    </message>
    <message>
        <source>The RFC 3161 time-stamping authority (http://) for baseline T.</source>
        <translation>Доставчикът на удостоверения за време по RFC 3161 (http://) за baseline T.</translation>
    </message>
    <message>
        <source>Cannot read the certificate file.</source>
        <translation>Файлът с удостоверението не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The certificate file is too large.</source>
        <translation>Файлът с удостоверението е твърде голям.</translation>
    </message>
    <message>
        <source>The certificate file is not a certificate.</source>
        <translation>Файлът с удостоверението не съдържа удостоверение.</translation>
    </message>
    <message>
        <source>Give either --certificate or --fingerprint.</source>
        <translation>Задайте или --certificate, или --fingerprint.</translation>
    </message>
    <message>
        <source>Registered desk %1 (%2).</source>
        <translation>Регистрирано е работно място %1 (%2).</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активно</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>премахнато</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Име</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>SHA-256 на удостоверението</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Removed desk %1.</source>
        <translation>Премахнато е работно място %1.</translation>
    </message>
    <message>
        <source>Give the block size with --count.</source>
        <translation>Задайте размера на блока с --count.</translation>
    </message>
    <message>
        <source>Leased numbers %1 to %2 of %3 to desk %4; lease %5.</source>
        <translation>Номерата от %1 до %2 на %3 са предоставени на работно място %4; блок %5.</translation>
    </message>
    <message>
        <source>Lease returned; %1 unused numbers annulled.</source>
        <translation>Блокът е върнат; анулирани са %1 неизползвани номера.</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>върнат</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Блок</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Работно място</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Година</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Номера</translation>
    </message>
    <message>
        <source>register a desk (workstation) by its TLS client certificate</source>
        <translation>регистрира работно място (работна станция) по клиентското му удостоверение за TLS</translation>
    </message>
    <message>
        <source>Registers a workstation that may sync with the server, known by the SHA-256 fingerprint of its TLS client certificate: give the certificate file (PEM or DER) or the fingerprint. Needs the administrator role.</source>
        <translation>Регистрира работна станция, която може да се синхронизира със сървъра и се разпознава по отпечатъка SHA-256 на клиентското ѝ удостоверение за TLS: задайте файла с удостоверението (PEM или DER) или отпечатъка. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>The desk&apos;s client certificate (PEM or DER).</source>
        <translation>Клиентското удостоверение на работното място (PEM или DER).</translation>
    </message>
    <message>
        <source>The SHA-256 fingerprint of the certificate, in hex.</source>
        <translation>Отпечатъкът SHA-256 на удостоверението в шестнадесетичен запис.</translation>
    </message>
    <message>
        <source>list the desks</source>
        <translation>извежда работните места</translation>
    </message>
    <message>
        <source>Lists the registered desks, also removed ones. Needs the administrator role.</source>
        <translation>Извежда регистрираните работни места, включително премахнатите. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>remove a desk</source>
        <translation>премахва работно място</translation>
    </message>
    <message>
        <source>Disables a desk for good: its sessions end and its certificate is refused. Its record stays for the journal. Needs the administrator role.</source>
        <translation>Изключва работно място окончателно: сесиите му се прекратяват и удостоверението му се отхвърля. Записът за него остава заради одитния журнал. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>lease a block of a register&apos;s numbers to a desk for outages</source>
        <translation>предоставя на работно място блок номера от регистър за работа при прекъсване на връзката</translation>
    </message>
    <message>
        <source>Reserves the next N numbers of the register in the current year for the desk, which uses them while it cannot reach the server. Return the lease when the outage is over: the unused numbers are then annulled. Journalled; needs the administrator role.</source>
        <translation>Запазва следващите N номера от регистъра за текущата година за работното място, което ги използва, докато няма връзка със сървъра. Върнете блока, когато връзката бъде възстановена: тогава неизползваните номера се анулират. Записва се в одитния журнал; изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>The register&apos;s code.</source>
        <translation>Кодът на регистъра.</translation>
    </message>
    <message>
        <source>The registry&apos;s code, when several have the register.</source>
        <translation>Кодът на регистратурата, когато регистърът е в няколко регистратури.</translation>
    </message>
    <message>
        <source>The desk&apos;s name.</source>
        <translation>Името на работното място.</translation>
    </message>
    <message>
        <source>How many numbers (1 to 1000).</source>
        <translation>Брой номера (от 1 до 1000).</translation>
    </message>
    <message>
        <source>end a lease and annul its unused numbers</source>
        <translation>прекратява блок номера и анулира неизползваните</translation>
    </message>
    <message>
        <source>Ends the lease; each number the desk did not use becomes an annulled entry with the reason, so the register has no gaps and the numbers are never used again. Journalled; needs the administrator role.</source>
        <translation>Прекратява блока; всеки номер, който работното място не е използвало, става анулиран запис с посочената причина, така че в регистъра няма пропуски и номерата никога не се използват повторно. Записва се в одитния журнал; изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>Why the numbers are annulled.</source>
        <translation>Причината за анулиране на номерата.</translation>
    </message>
    <message>
        <source>list the leased number blocks</source>
        <translation>извежда предоставените блокове номера</translation>
    </message>
    <message>
        <source>Lists the leases, newest first, of one desk with --desk. Needs the administrator role.</source>
        <translation>Извежда блоковете номера, най-новите първи; с --desk — само на едно работно място. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>Only this desk&apos;s leases.</source>
        <translation>Само блоковете на това работно място.</translation>
    </message>
    <message>
        <source>Cannot read the file.</source>
        <translation>Файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>exchange/certificate holds no PEM certificate.</source>
        <translation>exchange/certificate не съдържа удостоверение във формат PEM.</translation>
    </message>
    <message>
        <source>exchange/key is no unencrypted PEM private key.</source>
        <translation>exchange/key не е нешифрован частен ключ във формат PEM.</translation>
    </message>
    <message>
        <source>exchange/key does not belong to the exchange/certificate.</source>
        <translation>exchange/key не съответства на exchange/certificate.</translation>
    </message>
    <message>
        <source>exchange/peers_ca holds no PEM certificate.</source>
        <translation>exchange/peers_ca не съдържа удостоверение във формат PEM.</translation>
    </message>
    <message>
        <source>Delivering the outbox failed: %1</source>
        <translation>Доставянето на изходящите съобщения е неуспешно: %1</translation>
    </message>
    <message numerus="yes">
        <source>Delivered %n exchange message(s).</source>
        <translation>
            <numerusform>Доставено е %n съобщение по СЕОС.</numerusform>
            <numerusform>Доставени са %n съобщения по СЕОС.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exchange: enabled for %1 (%2); the certificate, key and peers&apos; CA are valid.</source>
        <translation>Обмен: включен за %1 (%2); удостоверението, ключът и удостоверителят на участниците са валидни.</translation>
    </message>
    <message>
        <source>[exchange] is enabled, but this server was built without the exchange.</source>
        <translation>[exchange] е включен, но този сървър е компилиран без обмен.</translation>
    </message>
    <message>
        <source>Exchange: disabled.</source>
        <translation>Обмен: изключен.</translation>
    </message>
    <message>
        <source>exchange/enabled must be true or false</source>
        <translation>exchange/enabled трябва да е true или false</translation>
    </message>
    <message>
        <source>exchange/guid must be our administration&apos;s GUID from the registry</source>
        <translation>exchange/guid трябва да е GUID на нашата администрация от регистъра</translation>
    </message>
    <message>
        <source>exchange/identifier must be our identifier (ЕИК) from the registry</source>
        <translation>exchange/identifier трябва да е нашият идентификатор (ЕИК) от регистъра</translation>
    </message>
    <message>
        <source>exchange/name must be our administration&apos;s name</source>
        <translation>exchange/name трябва да е наименованието на нашата администрация</translation>
    </message>
    <message>
        <source>exchange/certificate, exchange/key and exchange/peers_ca must be set when the exchange is enabled</source>
        <translation>exchange/certificate, exchange/key и exchange/peers_ca трябва да бъдат зададени, когато обменът е включен</translation>
    </message>
    <message>
        <source>exchange/delivery_interval_s must be a number from 1 to 86400</source>
        <translation>exchange/delivery_interval_s трябва да е число от 1 до 86400</translation>
    </message>
    <message>
        <source>The desk needs a file for its local replica.</source>
        <translation>За локалното копие на работното място е необходим файл.</translation>
    </message>
    <message>
        <source>The office has no administrator yet to register this desk.</source>
        <translation>В деловодството все още няма администратор, който да регистрира това работно място.</translation>
    </message>
    <message>
        <source>Only an embedded office publishes its own data.</source>
        <translation>Само вграденото деловодство публикува собствените си данни.</translation>
    </message>
    <message>
        <source>This desk does not have the entry yet.</source>
        <translation>Записът все още не е получен на това работно място.</translation>
    </message>
    <message>
        <source>The field %1 must be text.</source>
        <translation>Полето %1 трябва да е текст.</translation>
    </message>
    <message>
        <source>The field %1 must be 1 to %2 characters long.</source>
        <translation>Полето %1 трябва да е с дължина от 1 до %2 знака.</translation>
    </message>
    <message>
        <source>The field %1 must be Base64 text.</source>
        <translation>Полето %1 трябва да е текст в Base64.</translation>
    </message>
    <message>
        <source>The field %1 is not valid Base64 or is empty.</source>
        <translation>Полето %1 не е валиден Base64 или е празно.</translation>
    </message>
    <message>
        <source>The applicant is missing.</source>
        <translation>Липсва заявител.</translation>
    </message>
    <message>
        <source>The applicant&apos;s kind must be &quot;citizen&quot; or &quot;company&quot;.</source>
        <translation>Видът на заявителя трябва да е „citizen“ или „company“.</translation>
    </message>
    <message>
        <source>The ЕГН is missing.</source>
        <translation>Липсва ЕГН.</translation>
    </message>
    <message>
        <source>The ЕИК is missing.</source>
        <translation>Липсва ЕИК.</translation>
    </message>
    <message>
        <source>The client reference must be printable ASCII without spaces.</source>
        <translation>Референтният номер на клиента трябва да съдържа само печатими ASCII знаци без интервали.</translation>
    </message>
    <message>
        <source>The attachments must be a list.</source>
        <translation>Приложенията трябва да са списък.</translation>
    </message>
    <message>
        <source>An application may carry at most %1 attachments.</source>
        <translation>Заявлението може да има най-много %1 приложения.</translation>
    </message>
    <message>
        <source>Each attachment must be a JSON object.</source>
        <translation>Всяко приложение трябва да е JSON обект.</translation>
    </message>
    <message>
        <source>No application matches this registration index and access code.</source>
        <translation>Няма заявление с този регистрационен индекс и код за достъп.</translation>
    </message>
    <message>
        <source>There is no such application.</source>
        <translation>Няма такова заявление.</translation>
    </message>
    <message>
        <source>This client reference was already used for another application.</source>
        <translation>Този референтен номер на клиента вече е използван за друго заявление.</translation>
    </message>
    <message>
        <source>The required attachment &quot;%1&quot; is missing.</source>
        <translation>Липсва задължителното приложение „%1“.</translation>
    </message>
    <message>
        <source>This server cannot store attachments.</source>
        <translation>Този сървър не може да съхранява приложения.</translation>
    </message>
    <message>
        <source>Signed attachments cannot be checked by this server.</source>
        <translation>Този сървър не може да проверява подписани приложения.</translation>
    </message>
    <message>
        <source>This service is no longer offered.</source>
        <translation>Тази услуга вече не се предлага.</translation>
    </message>
    <message>
        <source>No application is registered under this index.</source>
        <translation>Няма заявление, регистрирано с този индекс.</translation>
    </message>
    <message>
        <source>The application has an unknown status.</source>
        <translation>Заявлението е в непознато състояние.</translation>
    </message>
    <message>
        <source>An application cannot go from &quot;%1&quot; to &quot;%2&quot;.</source>
        <translation>Заявлението не може да премине от състояние „%1“ в „%2“.</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получено</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>В процес на обработка</translation>
    </message>
    <message>
        <source>Waiting for the applicant</source>
        <translation>Очаква действие от заявителя</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Изпълнено</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Отказано</translation>
    </message>
    <message>
        <source>There is no such register.</source>
        <translation>Няма такъв регистър.</translation>
    </message>
    <message>
        <source>Applications are entered in an incoming register.</source>
        <translation>Заявленията се вписват във входящ регистър.</translation>
    </message>
    <message>
        <source>Each service must be a JSON object.</source>
        <translation>Всяка услуга трябва да е JSON обект.</translation>
    </message>
    <message>
        <source>The deadline must be a number of working days.</source>
        <translation>Срокът трябва да е брой работни дни.</translation>
    </message>
    <message>
        <source>The fee must be a number of cents.</source>
        <translation>Таксата трябва да е брой центове.</translation>
    </message>
    <message>
        <source>The required attachments must be a list.</source>
        <translation>Задължителните приложения трябва да са списък.</translation>
    </message>
    <message>
        <source>The ИИСДА number must be 1 to %1 digits.</source>
        <translation>Номерът в ИИСДА трябва да съдържа от 1 до %1 цифри.</translation>
    </message>
    <message>
        <source>The service needs a name of at most %1 characters.</source>
        <translation>Услугата трябва да има наименование от най-много %1 знака.</translation>
    </message>
    <message>
        <source>The deadline must be from 1 to %1 working days.</source>
        <translation>Срокът трябва да е от 1 до %1 работни дни.</translation>
    </message>
    <message>
        <source>The fee must not be negative.</source>
        <translation>Таксата не може да бъде отрицателна.</translation>
    </message>
    <message>
        <source>The service needs a responsible unit.</source>
        <translation>Услугата трябва да има отговорно звено.</translation>
    </message>
    <message>
        <source>The service needs the register its applications are entered in.</source>
        <translation>Услугата трябва да има регистър, в който се вписват заявленията за нея.</translation>
    </message>
    <message>
        <source>A service may require at most %1 attachments.</source>
        <translation>Услугата може да изисква най-много %1 приложения.</translation>
    </message>
    <message>
        <source>Each required attachment needs its own code of lower-case letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>Всяко задължително приложение трябва да има собствен код от малки букви, цифри, „-“ или „_“.</translation>
    </message>
    <message>
        <source>Each required attachment needs a title.</source>
        <translation>Всяко задължително приложение трябва да има наименование.</translation>
    </message>
    <message>
        <source>The file is not valid JSON.</source>
        <translation>Файлът не е валиден JSON.</translation>
    </message>
    <message>
        <source>The file must hold a list &quot;services&quot;.</source>
        <translation>Файлът трябва да съдържа списък „services“.</translation>
    </message>
    <message>
        <source>There is no service with this ИИСДА number.</source>
        <translation>Няма услуга с този номер в ИИСДА.</translation>
    </message>
    <message>
        <source>There is no such service.</source>
        <translation>Няма такава услуга.</translation>
    </message>
    <message>
        <source>The CSV file could not be written.</source>
        <translation>CSV файлът не може да бъде записан.</translation>
    </message>
    <message>
        <source>%1 (JSON)</source>
        <translation>%1 (JSON)</translation>
    </message>
    <message>
        <source>%1 (CSV)</source>
        <translation>%1 (CSV)</translation>
    </message>
    <message>
        <source>%1: open data</source>
        <translation>%1: отворени данни</translation>
    </message>
    <message>
        <source>Public registers of %1, without personal data.</source>
        <translation>Публични регистри на %1, без лични данни.</translation>
    </message>
    <message>
        <source>The day is not a valid date.</source>
        <translation>Денят не е валидна дата.</translation>
    </message>
    <message>
        <source>This day of the journal is not sealed (yet).</source>
        <translation>Този ден от журнала (все още) не е запечатан.</translation>
    </message>
    <message>
        <source>This is not a journal summary.</source>
        <translation>Това не е обобщение на журнала.</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Изнасянето е прекратено.</translation>
    </message>
    <message>
        <source>An entry of the register is damaged.</source>
        <translation>Запис в регистъра е повреден.</translation>
    </message>
    <message>
        <source>The export could not be written.</source>
        <translation>Изнесените данни не могат да бъдат записани.</translation>
    </message>
    <message>
        <source>Entry number</source>
        <translation>Номер на записа</translation>
    </message>
    <message>
        <source>A register definition in the database is damaged.</source>
        <translation>Дефиниция на регистър в базата данни е повредена.</translation>
    </message>
    <message>
        <source>There is no register with this code.</source>
        <translation>Няма регистър с този код.</translation>
    </message>
    <message>
        <source>A register code is a lower-case Latin letter or digit followed by at most 62 letters, digits or hyphens, e.g. &quot;permits&quot;.</source>
        <translation>Кодът на регистъра започва с малка латинска буква или цифра, следвана от най-много 62 букви, цифри или тирета, напр. „permits“.</translation>
    </message>
    <message>
        <source>A register needs a title of at most %1 characters.</source>
        <translation>Регистърът трябва да има наименование от най-много %1 знака.</translation>
    </message>
    <message>
        <source>The description is too long (at most %1 characters).</source>
        <translation>Описанието е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>The licence is given as its http(s) address.</source>
        <translation>Лицензът се посочва с неговия http(s) адрес.</translation>
    </message>
    <message>
        <source>A register needs between 1 and %1 fields.</source>
        <translation>Регистърът трябва да има от 1 до %1 полета.</translation>
    </message>
    <message>
        <source>Two fields are named &quot;%1&quot;.</source>
        <translation>Две полета са с име „%1“.</translation>
    </message>
    <message>
        <source>Unknown property &quot;%1&quot; in a register definition.</source>
        <translation>Непознато свойство „%1“ в дефиницията на регистър.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a text.</source>
        <translation>„%1“ трябва да е текст.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is true or false.</source>
        <translation>„%1“ трябва да е true или false.</translation>
    </message>
    <message>
        <source>A register definition needs a list of fields.</source>
        <translation>Дефиницията на регистър трябва да съдържа списък с полета.</translation>
    </message>
    <message>
        <source>Each field is a JSON object.</source>
        <translation>Всяко поле трябва да е JSON обект.</translation>
    </message>
    <message>
        <source>The register &quot;%1&quot; has no field &quot;%2&quot;.</source>
        <translation>Регистърът „%1“ няма поле „%2“.</translation>
    </message>
    <message>
        <source>%1: a value is required.</source>
        <translation>%1: стойността е задължителна.</translation>
    </message>
    <message>
        <source>The register has no entry with this number.</source>
        <translation>В регистъра няма запис с този номер.</translation>
    </message>
    <message>
        <source>The register was changed meanwhile; please try again.</source>
        <translation>Междувременно регистърът е променен; опитайте отново.</translation>
    </message>
    <message>
        <source>The entry was changed meanwhile; reload it and apply your change again.</source>
        <translation>Междувременно записът е променен; заредете го отново и повторете промяната си.</translation>
    </message>
    <message>
        <source>The entry is already linked to it.</source>
        <translation>Записът вече е свързан с този обект.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>a field name is a lower-case Latin letter followed by at most 62 letters, digits or underscores.</source>
        <translation>името на полето започва с малка латинска буква, следвана от най-много 62 букви, цифри или долни черти.</translation>
    </message>
    <message>
        <source>the field name &quot;number&quot; is reserved for the entry number.</source>
        <translation>името „number“ е запазено за номера на записа.</translation>
    </message>
    <message>
        <source>a field needs a label of at most %1 characters.</source>
        <translation>полето трябва да има наименование от най-много %1 знака.</translation>
    </message>
    <message>
        <source>an enumeration needs between 1 and %1 values.</source>
        <translation>изброяването трябва да има от 1 до %1 стойности.</translation>
    </message>
    <message>
        <source>the values of an enumeration must be distinct, non-empty and without surrounding spaces.</source>
        <translation>стойностите на изброяването трябва да са различни, непразни и без интервали в началото и в края.</translation>
    </message>
    <message>
        <source>only an enumeration has a list of values.</source>
        <translation>списък със стойности има само поле от вид изброяване.</translation>
    </message>
    <message>
        <source>an ЕГН field cannot be public.</source>
        <translation>поле с ЕГН не може да бъде публично.</translation>
    </message>
    <message>
        <source>a single value is expected.</source>
        <translation>очаква се една стойност.</translation>
    </message>
    <message>
        <source>text is expected.</source>
        <translation>очаква се текст.</translation>
    </message>
    <message>
        <source>the text is too long (at most %1 characters).</source>
        <translation>текстът е твърде дълъг (най-много %1 знака).</translation>
    </message>
    <message>
        <source>the text contains control characters.</source>
        <translation>текстът съдържа управляващи знаци.</translation>
    </message>
    <message>
        <source>a whole number is expected.</source>
        <translation>очаква се цяло число.</translation>
    </message>
    <message>
        <source>the number is too large.</source>
        <translation>числото е твърде голямо.</translation>
    </message>
    <message>
        <source>a decimal number is expected.</source>
        <translation>очаква се десетично число.</translation>
    </message>
    <message>
        <source>a decimal number such as 12.50 is expected.</source>
        <translation>очаква се десетично число, например 12.50.</translation>
    </message>
    <message>
        <source>a date such as 2026-12-04 is expected.</source>
        <translation>очаква се дата, например 2026-12-04.</translation>
    </message>
    <message>
        <source>yes or no (true or false) is expected.</source>
        <translation>очаква се да или не (true или false).</translation>
    </message>
    <message>
        <source>an ЕГН of ten digits is expected.</source>
        <translation>очаква се ЕГН от десет цифри.</translation>
    </message>
    <message>
        <source>an ЕИК of 9 or 13 digits is expected.</source>
        <translation>очаква се ЕИК от 9 или 13 цифри.</translation>
    </message>
    <message>
        <source>one of these values is expected: %1.</source>
        <translation>очаква се една от следните стойности: %1.</translation>
    </message>
    <message>
        <source>unknown field type.</source>
        <translation>непознат вид поле.</translation>
    </message>
    <message>
        <source>unknown property &quot;%1&quot; in a field definition.</source>
        <translation>непознато свойство „%1“ в дефиницията на поле.</translation>
    </message>
    <message>
        <source>a field needs a type.</source>
        <translation>полето трябва да има вид.</translation>
    </message>
    <message>
        <source>unknown field type &quot;%1&quot; (text, integer, decimal, date, boolean, egn, eik or enum).</source>
        <translation>непознат вид поле „%1“ (text, integer, decimal, date, boolean, egn, eik или enum).</translation>
    </message>
    <message>
        <source>&quot;values&quot; is a list of texts.</source>
        <translation>„values“ трябва да е списък от текстове.</translation>
    </message>
    <message>
        <source>A register with this code already exists.</source>
        <translation>Вече има регистър с този код.</translation>
    </message>
    <message>
        <source>a field cannot be removed from a register.</source>
        <translation>поле не може да бъде премахнато от регистъра.</translation>
    </message>
    <message>
        <source>the type of a field cannot be changed.</source>
        <translation>видът на поле не може да бъде променян.</translation>
    </message>
    <message>
        <source>a value cannot be removed from an enumeration.</source>
        <translation>стойност не може да бъде премахната от изброяване.</translation>
    </message>
    <message>
        <source>a field cannot become required while the register has entries.</source>
        <translation>полето не може да стане задължително, докато в регистъра има записи.</translation>
    </message>
    <message>
        <source>a new field cannot be required while the register has entries.</source>
        <translation>ново поле не може да бъде задължително, докато в регистъра има записи.</translation>
    </message>
    <message>
        <source>No registry service in this configuration ([exchange] registry_url).</source>
        <translation>В тази конфигурация не е зададена услуга на регистъра на участниците ([exchange] registry_url).</translation>
    </message>
    <message>
        <source>Participant registry refreshed: %1 record(s), %2 skipped.</source>
        <translation>Регистърът на участниците е обновен: записи – %1, пропуснати – %2.</translation>
    </message>
    <message>
        <source>refresh the СЕОС participant registry from the registry service</source>
        <translation>обновява регистъра на участниците в СЕОС от услугата на регистъра</translation>
    </message>
    <message>
        <source>Asks the registry service of the [exchange] section (registry_url, with the transport certificate) for the changes since the last one seen, or for all records the first time or with --full, and updates the offline copy. delovod-server does the same periodically.</source>
        <translation>Изисква от услугата на регистъра от раздел [exchange] (registry_url, с транспортното удостоверение) промените след последната получена промяна, а при първото изпълнение или с --full — всички записи, и обновява локалното копие. delovod-server прави същото периодично.</translation>
    </message>
    <message>
        <source>Fetch all records and replace the copy.</source>
        <translation>Изтегля всички записи и заменя копието.</translation>
    </message>
    <message>
        <source>The file cannot be written.</source>
        <translation>Файлът не може да бъде записан.</translation>
    </message>
    <message>
        <source>Unknown format &apos;%1&apos; (csv, json, schema or dcat).</source>
        <translation>Непознат формат „%1“ (csv, json, schema или dcat).</translation>
    </message>
    <message>
        <source>The administration</source>
        <translation>Администрацията</translation>
    </message>
    <message>
        <source>Exported the register %1 (%2 entries) as %3 to %4.</source>
        <translation>Регистърът %1 (записи: %2) е изнесен във формат %3 в %4.</translation>
    </message>
    <message>
        <source>The journal still matches the published summary.</source>
        <translation>Журналът все още съответства на публикуваното обобщение.</translation>
    </message>
    <message>
        <source>The journal no longer matches the published summary.</source>
        <translation>Журналът вече не съответства на публикуваното обобщение.</translation>
    </message>
    <message>
        <source>Wrote the journal summary of %1 to %2.</source>
        <translation>Обобщението на журнала за %1 е записано в %2.</translation>
    </message>
    <message>
        <source>export a municipal register as open data</source>
        <translation>изнася общински регистър като отворени данни</translation>
    </message>
    <message>
        <source>Writes the municipal register CODE as open data: csv (RFC 4180, UTF-8, a header row of field names), json (the entries, described by the JSON Schema that schema writes) or dcat (its DCAT-AP catalogue entry as JSON-LD). ЕГН fields and fields that are not public are never exported. The addresses in the schema and the catalogue start with --base-url (default: $DELOVOD_OPENDATA_URL, else the server&apos;s default public address). The file is replaced only when the export succeeds. Needs the administrator role.</source>
        <translation>Записва общинския регистър CODE като отворени данни: csv (RFC 4180, UTF-8, заглавен ред с имената на полетата), json (записите, описани от JSON Schema, която записва schema) или dcat (описанието на регистъра в каталог DCAT-AP като JSON-LD). Полета с ЕГН и полета, които не са публични, никога не се изнасят. Адресите в схемата и в каталога започват с --base-url (по подразбиране: $DELOVOD_OPENDATA_URL, иначе публичният адрес на сървъра по подразбиране). Файлът се заменя само при успешно изнасяне. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>csv (default), json, schema or dcat.</source>
        <translation>csv (по подразбиране), json, schema или dcat.</translation>
    </message>
    <message>
        <source>The public address of the open data.</source>
        <translation>Публичният адрес на отворените данни.</translation>
    </message>
    <message>
        <source>export or check the sealed journal summary of a day</source>
        <translation>изнася или проверява обобщението на запечатан ден от одитния журнал</translation>
    </message>
    <message>
        <source>Writes the published summary of a sealed day of the audit journal (default: yesterday, UTC): the number of entries per kind, the day&apos;s seal hash and the chain head, without personal data; the server publishes the same at /opendata/journal/DATE.json. With --check, compares a summary published earlier with the journal now and exits with 3 when anything of that day was altered since. Needs the auditor or administrator role.</source>
        <translation>Записва публикуваното обобщение на запечатан ден от одитния журнал (по подразбиране: вчера, UTC): броя на записите по вид, хеша на печата на деня и последното звено на веригата, без лични данни; сървърът публикува същото на /opendata/journal/DATE.json. С --check сравнява публикувано по-рано обобщение с журнала в момента и завършва с код 3, ако нещо от този ден е променено оттогава. Изисква роля одитор или администратор.</translation>
    </message>
    <message>
        <source>The day (yyyy-MM-dd or dd.MM.yyyy).</source>
        <translation>Денят (yyyy-MM-dd или dd.MM.yyyy).</translation>
    </message>
    <message>
        <source>The file to write; standard output without it.</source>
        <translation>Файлът, който да бъде записан; без тази опция — стандартният изход.</translation>
    </message>
    <message>
        <source>A summary published earlier, to check against the journal.</source>
        <translation>Публикувано по-рано обобщение, което да бъде сверено с журнала.</translation>
    </message>
    <message>
        <source>Stopped by Ctrl-C (&apos;scan&apos; stops the scanner and saves the pages read before).</source>
        <translation>Прекратено с Ctrl-C („scan“ спира скенера и запазва страниците, прочетени дотогава).</translation>
    </message>
    <message>
        <source>Interrupted: stopping the scanner (Ctrl-C again quits at once) …</source>
        <translation>Прекъсване: скенерът се спира (повторно Ctrl-C прекратява незабавно) …</translation>
    </message>
    <message>
        <source>Scanning was cancelled; no page was scanned, nothing was written.</source>
        <translation>Сканирането е прекратено; не е сканирана нито една страница и нищо не е записано.</translation>
    </message>
    <message numerus="yes">
        <source>Scanning was cancelled; the %n page(s) scanned before are saved.</source>
        <translation>
            <numerusform>Сканирането е прекратено; сканираната дотогава %n страница е запазена.</numerusform>
            <numerusform>Сканирането е прекратено; сканираните дотогава %n страници са запазени.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scans a batch from a scanner (the first one found unless --device names one) with a scan profile and writes it as PDF/A: one file when the profile does not split the stack, else one file per document (FILE-1.pdf, FILE-2.pdf …, split on separator sheets, which are left out). With --import, existing PDF, JPEG, PNG and TIFF files go through the same pipeline as if scanned. Pages read before a paper jam or another scanner error are saved, and the command then exits with 2. Ctrl-C stops the scanner: the page being read is dropped, the pages read completely before it are saved as above and the command exits with 130; a second Ctrl-C quits at once without saving anything. Progress goes to standard error.</source>
        <translation>Сканира партида от скенер (първия намерен, освен ако --device не посочва друг) с профил за сканиране и я записва като PDF/A: един файл, когато профилът не разделя купчината, а иначе по един файл на документ (ФАЙЛ-1.pdf, ФАЙЛ-2.pdf …, разделени по разделителните листове, които се пропускат). С --import съществуващи файлове PDF, JPEG, PNG и TIFF минават през същата обработка, както ако са сканирани. Страниците, прочетени преди засядане на хартията или друга грешка на скенера, се запазват и командата завършва с изходен код 2. Ctrl-C спира скенера: страницата, която се чете в момента, се отхвърля, изцяло прочетените преди нея страници се запазват както по-горе и командата завършва с изходен код 130; второ Ctrl-C прекратява програмата незабавно, без да запазва нищо. Напредъкът се извежда на стандартния изход за грешки.</translation>
    </message>
    <message>
        <source>--deadline is required.</source>
        <translation>Опцията --deadline е задължителна.</translation>
    </message>
    <message>
        <source>--attachment takes CODE=TITLE, e.g. sketch=Скица.</source>
        <translation>--attachment приема CODE=TITLE, напр. sketch=Скица.</translation>
    </message>
    <message>
        <source>Service %1 &quot;%2&quot; is in the catalogue.</source>
        <translation>Услугата %1 „%2“ е в каталога.</translation>
    </message>
    <message>
        <source>ИИСДА</source>
        <translation>ИИСДА</translation>
    </message>
    <message>
        <source>Deadline (working days)</source>
        <translation>Срок (работни дни)</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Такса</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Приложения</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Звено</translation>
    </message>
    <message>
        <source>Imported %1 services.</source>
        <translation>Внесени са %1 услуги.</translation>
    </message>
    <message>
        <source>The status must be one of in_progress, waiting_applicant, done, refused.</source>
        <translation>Състоянието трябва да е едно от in_progress, waiting_applicant, done, refused.</translation>
    </message>
    <message>
        <source>The application %1 is now &quot;%2&quot;.</source>
        <translation>Заявлението %1 вече е в състояние „%2“.</translation>
    </message>
    <message>
        <source>add or change an administrative service of the catalogue</source>
        <translation>добавя или променя административна услуга в каталога</translation>
    </message>
    <message>
        <source>Adds the service with this number from the administrative register (ИИСДА), or replaces the one with the same number: its name, its statutory deadline in working days, its fee in cents, the attachments an application must carry (one --attachment per attachment, as a code the portal sends and a title) and the responsible unit. Applications are entered in the incoming register --register. Needs the administrator role.</source>
        <translation>Добавя услугата с този номер от Административния регистър (ИИСДА) или заменя услугата със същия номер: наименованието ѝ, нормативно установения срок в работни дни, таксата в центове, приложенията, които заявлението трябва да съдържа (по една опция --attachment за всяко приложение, като код, изпращан от портала, и наименование), и отговорното звено. Заявленията се вписват във входящия регистър --register. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>The service&apos;s name.</source>
        <translation>Наименованието на услугата.</translation>
    </message>
    <message>
        <source>The statutory deadline in working days.</source>
        <translation>Нормативно установеният срок в работни дни.</translation>
    </message>
    <message>
        <source>The fee in cents (default 0).</source>
        <translation>Таксата в центове (по подразбиране 0).</translation>
    </message>
    <message>
        <source>A required attachment (repeatable).</source>
        <translation>Задължително приложение (може да се повтаря).</translation>
    </message>
    <message>
        <source>The responsible unit.</source>
        <translation>Отговорното звено.</translation>
    </message>
    <message>
        <source>The incoming register of the applications.</source>
        <translation>Входящият регистър за заявленията.</translation>
    </message>
    <message>
        <source>The registry of the register, when ambiguous.</source>
        <translation>Регистратурата на регистъра, когато кодът му не е еднозначен.</translation>
    </message>
    <message>
        <source>list the catalogue of administrative services</source>
        <translation>извежда каталога на административните услуги</translation>
    </message>
    <message>
        <source>Prints every service with its ИИСДА number, deadline, fee, required attachments and responsible unit; --json prints the format service import reads.</source>
        <translation>Извежда всички услуги с номера им в ИИСДА, срока, таксата, задължителните приложения и отговорното звено; с --json извежда формата, който чете „service import“.</translation>
    </message>
    <message>
        <source>import administrative services from a JSON file</source>
        <translation>внася административни услуги от JSON файл</translation>
    </message>
    <message>
        <source>Reads {&quot;services&quot;:[{&quot;iisdaNumber&quot;,&quot;name&quot;,&quot;deadlineWorkingDays&quot;,&quot;feeCents&quot;,&quot;requiredAttachments&quot;:[{&quot;code&quot;,&quot;title&quot;}],&quot;responsibleUnit&quot;,&quot;registerId&quot;}]} and adds or replaces each service, all or none. Needs the administrator role.</source>
        <translation>Чете {&quot;services&quot;:[{&quot;iisdaNumber&quot;,&quot;name&quot;,&quot;deadlineWorkingDays&quot;,&quot;feeCents&quot;,&quot;requiredAttachments&quot;:[{&quot;code&quot;,&quot;title&quot;}],&quot;responsibleUnit&quot;,&quot;registerId&quot;}]} и добавя или заменя всяка услуга — всички или нито една. Изисква ролята на администратор.</translation>
    </message>
    <message>
        <source>change the status of an application for a service</source>
        <translation>променя състоянието на заявление за услуга</translation>
    </message>
    <message>
        <source>Moves the application registered under INDEX to in_progress, waiting_applicant, done or refused. Waiting for the applicant stops the deadline; leaving it resumes the deadline with the working days that were left. The citizen sees each change on the status page.</source>
        <translation>Премества заявлението, регистрирано под INDEX, в състояние in_progress, waiting_applicant, done или refused. Очакването на действие от заявителя спира срока; при излизане от това състояние срокът продължава с оставащите работни дни. Гражданинът вижда всяка промяна на страницата за проверка на състоянието.</translation>
    </message>
    <message>
        <source>There is no text to put in the barcode.</source>
        <translation>Няма текст, който да бъде поставен в баркода.</translation>
    </message>
    <message>
        <source>Code 128 carries Latin letters and digits only.</source>
        <translation>Code 128 може да съдържа само латински букви и цифри.</translation>
    </message>
    <message>
        <source>The barcode could not be made.</source>
        <translation>Баркодът не може да бъде създаден.</translation>
    </message>
    <message>
        <source>The text does not fit in a barcode.</source>
        <translation>Текстът не се побира в баркод.</translation>
    </message>
    <message>
        <source>A scanned page could not be read back to turn it.</source>
        <translation>Сканирана страница не може да бъде прочетена отново, за да бъде завъртяна.</translation>
    </message>
    <message>
        <source>No temporary folder could be made.</source>
        <translation>Не може да бъде създадена временна папка.</translation>
    </message>
    <message>
        <source>Work against delovod-server at this address (https://host:port).</source>
        <translation>Работи със сървъра delovod-server на този адрес (https://host:port).</translation>
    </message>
    <message>
        <source>With --server: this desk&apos;s certificate (PEM).</source>
        <translation>Заедно с --server: удостоверението на това работно място (PEM).</translation>
    </message>
    <message>
        <source>With --server: its private key (PEM).</source>
        <translation>Заедно с --server: частният ключ към него (PEM).</translation>
    </message>
    <message>
        <source>With --server: the CA of the server&apos;s certificate (PEM).</source>
        <translation>Заедно с --server: удостоверителят, издал удостоверението на сървъра (PEM).</translation>
    </message>
    <message>
        <source>This desk&apos;s code in provisional numbers (ВР-CODE-n).</source>
        <translation>Кодът на това работно място във временните номера (ВР-КОД-n).</translation>
    </message>
    <message>
        <source>This desk&apos;s local replica (a file).</source>
        <translation>Локалното копие на това работно място (файл).</translation>
    </message>
    <message>
        <source>Give either --server or --database, not both.</source>
        <translation>Задайте или --server, или --database, но не и двете.</translation>
    </message>
    <message>
        <source>--server needs an https:// address: %1</source>
        <translation>--server изисква адрес https://: %1</translation>
    </message>
    <message>
        <source>--server needs this desk&apos;s certificate and key (--cert, --key).</source>
        <translation>--server изисква удостоверението и ключа на това работно място (--cert, --key).</translation>
    </message>
    <message>
        <source>--demo works only on an embedded office.</source>
        <translation>--demo работи само с вградено деловодство.</translation>
    </message>
    <message>
        <source>The application must be sent as JSON.</source>
        <translation>Заявлението трябва да бъде изпратено във формат JSON.</translation>
    </message>
    <message>
        <source>The body is not valid JSON (at byte %1: %2).</source>
        <translation>Съдържанието на заявката не е валиден JSON (при байт %1: %2).</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>Съдържанието на заявката трябва да е JSON обект.</translation>
    </message>
    <message>
        <source>The e-service intake is not set up on this server.</source>
        <translation>Приемането на заявления за електронни услуги не е настроено на този сървър.</translation>
    </message>
    <message>
        <source>The application could not be stored.</source>
        <translation>Заявлението не може да бъде съхранено.</translation>
    </message>
    <message>
        <source>Enter both the registration index and the access code.</source>
        <translation>Въведете регистрационния индекс и кода за достъп.</translation>
    </message>
    <message>
        <source>The status cannot be shown now. Please try again later.</source>
        <translation>Състоянието не може да бъде показано в момента. Моля, опитайте отново по-късно.</translation>
    </message>
    <message>
        <source>The signature is not a CAdES (CMS) signature.</source>
        <translation>Подписът не е CAdES (CMS) подпис.</translation>
    </message>
    <message>
        <source>The signature must be detached from the file.</source>
        <translation>Подписът трябва да е отделен от файла.</translation>
    </message>
    <message>
        <source>The signature does not match the file.</source>
        <translation>Подписът не съответства на файла.</translation>
    </message>
    <message>
        <source>The signature is not valid.</source>
        <translation>Подписът не е валиден.</translation>
    </message>
    <message>
        <source>Access code</source>
        <translation>Код за достъп</translation>
    </message>
    <message>
        <source>Show the status</source>
        <translation>Покажи състоянието</translation>
    </message>
    <message>
        <source>Status of an application</source>
        <translation>Състояние на заявление</translation>
    </message>
    <message>
        <source>Enter the registration index and the access code you received when you applied.</source>
        <translation>Въведете регистрационния индекс и кода за достъп, които получихте при подаването на заявлението.</translation>
    </message>
    <message>
        <source>Too many attempts from your address. Please try again in %1 seconds.</source>
        <translation>Твърде много опити от вашия адрес. Моля, опитайте отново след %1 секунди.</translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation>Заявление %1</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message numerus="yes">
        <source>stopped while we wait for you; %n working day(s) left</source>
        <translation>
            <numerusform>спрян, докато очакваме действие от вас; остава %n работен ден</numerusform>
            <numerusform>спрян, докато очакваме действие от вас; остават %n работни дни</numerusform>
        </translation>
    </message>
    <message>
        <source>Case file</source>
        <translation>Преписка</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открита</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>приключена</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Дата и час</translation>
    </message>
    <message>
        <source>Documents of the case file</source>
        <translation>Документи в преписката</translation>
    </message>
    <message>
        <source>Check another application</source>
        <translation>Проверка на друго заявление</translation>
    </message>
    <message>
        <source>Refreshing the participant registry failed: %1</source>
        <translation>Обновяването на регистъра на участниците е неуспешно: %1</translation>
    </message>
    <message>
        <source>Cannot turn off client certificates.</source>
        <translation>Изискването за клиентски удостоверения не може да бъде изключено.</translation>
    </message>
    <message>
        <source>The open data could not be read; please try again later.</source>
        <translation>Отворените данни не могат да бъдат прочетени; опитайте отново по-късно.</translation>
    </message>
    <message>
        <source>Public listener: %1:%2; the certificate and key are valid.</source>
        <translation>Публичен адрес: %1:%2; удостоверението и ключът са валидни.</translation>
    </message>
    <message>
        <source>Serving the public pages on https://%1:%2.</source>
        <translation>Публичните страници се обслужват на https://%1:%2.</translation>
    </message>
    <message>
        <source>public/port must be a number from 0 (any free port) to 65535</source>
        <translation>public/port трябва да е число от 0 (произволен свободен порт) до 65535</translation>
    </message>
    <message>
        <source>public/address must be an IP address or &apos;localhost&apos;, not &apos;%1&apos;</source>
        <translation>public/address трябва да е IP адрес или „localhost“, а не „%1“</translation>
    </message>
    <message>
        <source>public/certificate and public/key must be set together</source>
        <translation>public/certificate и public/key трябва да бъдат зададени заедно</translation>
    </message>
    <message>
        <source>public/requests_per_minute must be a number from 1 to 1000000</source>
        <translation>public/requests_per_minute трябва да е число от 1 до 1000000</translation>
    </message>
    <message>
        <source>public/burst must be a number from 1 to 1000000</source>
        <translation>public/burst трябва да е число от 1 до 1000000</translation>
    </message>
    <message>
        <source>exchange/registry_url must be an https URL</source>
        <translation>exchange/registry_url трябва да е https URL адрес</translation>
    </message>
    <message>
        <source>exchange/registry_refresh_interval_s must be a number from 60 to 604800</source>
        <translation>exchange/registry_refresh_interval_s трябва да е число от 60 до 604800</translation>
    </message>
    <message>
        <source>Choose a case file, an entry or a resolution first.</source>
        <translation>Първо изберете преписка, запис или резолюция.</translation>
    </message>
    <message>
        <source>The file&apos;s content was not uploaded.</source>
        <translation>Съдържанието на файла не е качено.</translation>
    </message>
    <message>
        <source>The file&apos;s SHA-256 is not valid.</source>
        <translation>SHA-256 на файла не е валиден.</translation>
    </message>
    <message>
        <source>The server sent an incomplete file.</source>
        <translation>Сървърът изпрати непълен файл.</translation>
    </message>
    <message>
        <source>The file received does not match its SHA-256.</source>
        <translation>Полученият файл не съответства на своя SHA-256.</translation>
    </message>
    <message>
        <source>The co-executors must be a list of user ids.</source>
        <translation>Съизпълнителите трябва да бъдат списък от идентификатори на потребители.</translation>
    </message>
    <message>
        <source>The deadline is not a valid date.</source>
        <translation>Срокът не е валидна дата.</translation>
    </message>
    <message>
        <source>The number of working days is not valid.</source>
        <translation>Броят работни дни не е валиден.</translation>
    </message>
    <message>
        <source>The file needs the document or the registration it belongs to.</source>
        <translation>За файла е необходим документът или регистрацията, към които принадлежи.</translation>
    </message>
    <message>
        <source>The registration of this file is not known.</source>
        <translation>Регистрацията на този файл не е известна.</translation>
    </message>
    <message>
        <source>The registration of this file was refused; the file cannot be kept.</source>
        <translation>Регистрацията на този файл е отказана; файлът не може да бъде съхранен.</translation>
    </message>
    <message>
        <source>The file is larger than the office accepts (%1 MB).</source>
        <translation>Файлът е по-голям от допустимия в деловодството размер (%1 MB).</translation>
    </message>
    <message>
        <source>The uploaded file does not have the size sent.</source>
        <translation>Каченият файл няма посочения размер.</translation>
    </message>
    <message>
        <source>This desk has no place for files.</source>
        <translation>Това работно място няма място за файлове.</translation>
    </message>
    <message>
        <source>A download needs a SHA-256 and an offset.</source>
        <translation>За изтеглянето са необходими SHA-256 и отместване.</translation>
    </message>
    <message>
        <source>The offset is past the end of the file.</source>
        <translation>Отместването е след края на файла.</translation>
    </message>
    <message>
        <source>The response could not be read; please try again later.</source>
        <translation>Отговорът не може да бъде прочетен; опитайте отново по-късно.</translation>
    </message>
    <message>
        <source>Queued for sending</source>
        <translation>Изчаква изпращане</translation>
    </message>
    <message>
        <source>Sending failed</source>
        <translation>Изпращането е неуспешно</translation>
    </message>
    <message>
        <source>Delivered, awaiting registration</source>
        <translation>Доставен, очаква регистриране</translation>
    </message>
    <message>
        <source>Registered by the recipient</source>
        <translation>Регистриран от получателя</translation>
    </message>
    <message>
        <source>Registered by the recipient as %1/%2</source>
        <translation>Регистриран от получателя с № %1/%2</translation>
    </message>
    <message>
        <source>Rejected by the recipient: %1</source>
        <translation>Отказан от получателя: %1</translation>
    </message>
    <message>
        <source>Already received by the recipient</source>
        <translation>Вече получен от получателя</translation>
    </message>
    <message>
        <source>Closed by the recipient</source>
        <translation>Приключен от получателя</translation>
    </message>
    <message>
        <source>Stopped by the recipient</source>
        <translation>Спрян от получателя</translation>
    </message>
    <message>
        <source>Not found at the recipient</source>
        <translation>Не е намерен при получателя</translation>
    </message>
    <message>
        <source>Choose the administration to send to.</source>
        <translation>Изберете администрацията, до която да се изпрати.</translation>
    </message>
    <message>
        <source>CSV line %1: %2</source>
        <translation>CSV ред %1: %2</translation>
    </message>
    <message>
        <source>the text is not valid UTF-8.</source>
        <translation>текстът не е валиден UTF-8.</translation>
    </message>
    <message>
        <source>a quoted field is not closed.</source>
        <translation>поле в кавички не е затворено.</translation>
    </message>
    <message>
        <source>a double quote inside a field that does not start with one.</source>
        <translation>кавичка в поле, което не започва с кавичка.</translation>
    </message>
    <message>
        <source>text after the closing double quote of a field.</source>
        <translation>текст след затварящата кавичка на поле.</translation>
    </message>
    <message>
        <source>the file has more than %1 rows.</source>
        <translation>файлът има повече от %1 реда.</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Ред %1: %2</translation>
    </message>
    <message>
        <source>Row 1: %1</source>
        <translation>Ред 1: %1</translation>
    </message>
    <message>
        <source>column %1 has no field name.</source>
        <translation>колона %1 няма име на поле.</translation>
    </message>
    <message>
        <source>the register has no field &quot;%1&quot; (column %2).</source>
        <translation>регистърът няма поле „%1“ (колона %2).</translation>
    </message>
    <message>
        <source>the name of column %1 is not a field of the register.</source>
        <translation>името на колона %1 не е поле на регистъра.</translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; has two columns.</source>
        <translation>полето „%1“ има две колони.</translation>
    </message>
    <message>
        <source>the required field &quot;%1&quot; has no column.</source>
        <translation>задължителното поле „%1“ няма колона.</translation>
    </message>
    <message>
        <source>The file is too large (at most %1 MiB).</source>
        <translation>Файлът е твърде голям (най-много %1 MiB).</translation>
    </message>
    <message>
        <source>The file is empty: its first row must name the fields.</source>
        <translation>Файлът е празен: първият му ред трябва да назовава полетата.</translation>
    </message>
    <message>
        <source>the row has %1 cells, the header %2.</source>
        <translation>редът има %1 клетки, а заглавният ред — %2.</translation>
    </message>
    <message>
        <source>Between 1 and %1 entries can be listed at once.</source>
        <translation>Наведнъж могат да се изведат от 1 до %1 вписвания.</translation>
    </message>
    <message>
        <source>A part of the message cannot be read.</source>
        <translation>Част от съобщението не може да бъде прочетена.</translation>
    </message>
    <message>
        <source>Writing the message was stopped.</source>
        <translation>Записването на съобщението беше прекъснато.</translation>
    </message>
    <message>
        <source>A part of the message cannot be placed.</source>
        <translation>Част от съобщението не може да бъде поставена на мястото си.</translation>
    </message>
    <message>
        <source>The register definition is not valid JSON (line %1, column %2).</source>
        <translation>Описанието на регистъра не е валиден JSON (ред %1, колона %2).</translation>
    </message>
    <message>
        <source>A register definition is a JSON object.</source>
        <translation>Описанието на регистър е JSON обект.</translation>
    </message>
    <message>
        <source>--set takes NAME=VALUE, e.g. issued_on=2026-12-04.</source>
        <translation>--set приема ИМЕ=СТОЙНОСТ, напр. issued_on=2026-12-04.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is set twice.</source>
        <translation>Полето „%1“ е зададено два пъти.</translation>
    </message>
    <message>
        <source>An entry is given by its number: 1, 2, …</source>
        <translation>Вписването се посочва с номера си: 1, 2, …</translation>
    </message>
    <message>
        <source>Entry %1 of the register %2 (version %3).</source>
        <translation>Вписване %1 в регистъра %2 (версия %3).</translation>
    </message>
    <message>
        <source>The register %1 &quot;%2&quot; is changed.</source>
        <translation>Регистърът %1 „%2“ е променен.</translation>
    </message>
    <message>
        <source>The register %1 &quot;%2&quot; is defined.</source>
        <translation>Регистърът %1 „%2“ е създаден.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Полета</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Вписвания</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Публикуван</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <source>Give what to change: --set NAME=VALUE, --document INDEX or --case INDEX.</source>
        <translation>Посочете какво да се промени: --set ИМЕ=СТОЙНОСТ, --document ИНДЕКС или --case ИНДЕКС.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>At (UTC)</source>
        <translation>Кога (UTC)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Потребител</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>Старо</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Ново</translation>
    </message>
    <message>
        <source>The file has no entries; nothing was added.</source>
        <translation>Файлът няма вписвания; нищо не е добавено.</translation>
    </message>
    <message>
        <source>Imported %1 entries into the register %2 (numbers %3 to %4).</source>
        <translation>Внесени са %1 вписвания в регистъра %2 (номера от %3 до %4).</translation>
    </message>
    <message>
        <source>A field&apos;s value (repeatable); an empty VALUE clears it.</source>
        <translation>Стойност на поле (може многократно); празна СТОЙНОСТ го изчиства.</translation>
    </message>
    <message>
        <source>Link the entry to the document registered under this index (repeatable).</source>
        <translation>Свързва вписването с документа, регистриран под този индекс (може многократно).</translation>
    </message>
    <message>
        <source>Link the entry to the case file opened under this index (repeatable).</source>
        <translation>Свързва вписването с преписката, образувана под този индекс (може многократно).</translation>
    </message>
    <message>
        <source>define a municipal register from a JSON file</source>
        <translation>създаване на общински регистър от JSON файл</translation>
    </message>
    <message>
        <source>Creates a municipal register (a register of permits, of shops …) from its definition in FILE, or from standard input for -: {&quot;code&quot;, &quot;title&quot;, &quot;description&quot;, &quot;license&quot;, &quot;published&quot;, &quot;fields&quot;: [{&quot;name&quot;, &quot;label&quot;, &quot;type&quot;, &quot;required&quot;, &quot;public&quot;, &quot;values&quot;}]}. Field types: text, integer, decimal, date, boolean, egn, eik and enum (with its &quot;values&quot;). ЕГН fields are never public and never exported. Needs the administrator role.</source>
        <translation>Създава общински регистър (на разрешителните, на търговските обекти …) по описанието му във FILE или от стандартния вход при -: {&quot;code&quot;, &quot;title&quot;, &quot;description&quot;, &quot;license&quot;, &quot;published&quot;, &quot;fields&quot;: [{&quot;name&quot;, &quot;label&quot;, &quot;type&quot;, &quot;required&quot;, &quot;public&quot;, &quot;values&quot;}]}. Типове полета: text, integer, decimal, date, boolean, egn, eik и enum (със своите &quot;values&quot;). Полетата за ЕГН никога не са публични и никога не се изнасят. Изисква роля администратор.</translation>
    </message>
    <message>
        <source>change a municipal register&apos;s definition from a JSON file</source>
        <translation>промяна на описанието на общински регистър от JSON файл</translation>
    </message>
    <message>
        <source>Changes the register with the definition&apos;s code: its title, description, licence, publication, the labels and public flags of fields; an enumeration may gain values and the register new fields at the end. A field&apos;s type never changes and no field is removed. &apos;show&apos; prints the definition to edit. Needs the administrator role.</source>
        <translation>Променя регистъра с кода от описанието: наименованието, описанието, лиценза, публикуването, етикетите и публичността на полетата; изброяване може да получи нови стойности, а регистърът — нови полета в края. Типът на поле никога не се променя и поле не се премахва. &apos;show&apos; извежда описанието за редактиране. Изисква роля администратор.</translation>
    </message>
    <message>
        <source>list the municipal registers</source>
        <translation>списък на общинските регистри</translation>
    </message>
    <message>
        <source>Prints every municipal register with its number of fields and entries and whether its open data is published.</source>
        <translation>Извежда всеки общински регистър с броя на полетата и вписванията му и дали отворените му данни се публикуват.</translation>
    </message>
    <message>
        <source>print a municipal register&apos;s definition as JSON</source>
        <translation>извеждане на описанието на общински регистър като JSON</translation>
    </message>
    <message>
        <source>Prints the definition of the register CODE in the JSON form that define and update read.</source>
        <translation>Извежда описанието на регистъра CODE във вида JSON, който define и update четат.</translation>
    </message>
    <message>
        <source>add an entry to a municipal register</source>
        <translation>добавяне на вписване в общински регистър</translation>
    </message>
    <message>
        <source>Adds an entry with the register&apos;s next number. Values are written as in the forms: dates as 2026-12-04 or 04.12.2026, decimals with . or ,, booleans as true/false or да/не. --document and --case link the entry to a registered document or a case file in the same transaction. Needs the clerk or administrator role.</source>
        <translation>Добавя вписване със следващия номер на регистъра. Стойностите се пишат както във формите: дати като 2026-12-04 или 04.12.2026, десетични числа с . или ,, логически стойности като true/false или да/не. --document и --case свързват вписването с регистриран документ или преписка в същата транзакция. Изисква роля деловодител или администратор.</translation>
    </message>
    <message>
        <source>change an entry of a municipal register</source>
        <translation>промяна на вписване в общински регистър</translation>
    </message>
    <message>
        <source>Sets the given fields of entry NUMBER (an empty value clears a field) and links it to documents and case files. With --expect-version the change is refused when the entry is no longer at that version. Every change is kept in the entry&apos;s history. Needs the clerk or administrator role.</source>
        <translation>Задава посочените полета на вписване NUMBER (празна стойност изчиства полето) и го свързва с документи и преписки. С --expect-version промяната се отказва, ако вписването вече не е в тази версия. Всяка промяна се пази в историята на вписването. Изисква роля деловодител или администратор.</translation>
    </message>
    <message>
        <source>The version the entry must still be at.</source>
        <translation>Версията, в която вписването трябва все още да е.</translation>
    </message>
    <message>
        <source>list the entries of a municipal register</source>
        <translation>списък на вписванията в общински регистър</translation>
    </message>
    <message>
        <source>Prints the entries of the register CODE in number order, at most --limit (default and at most 10000) after the entry --after. ЕГН values are masked for users who may not see personal data.</source>
        <translation>Извежда вписванията в регистъра CODE по реда на номерата, най-много --limit (по подразбиране и най-много 10000) след вписване --after. ЕГН се маскират за потребители, които нямат достъп до лични данни.</translation>
    </message>
    <message>
        <source>List the entries after this number.</source>
        <translation>Вписванията след този номер.</translation>
    </message>
    <message>
        <source>List at most N entries.</source>
        <translation>Най-много N вписвания.</translation>
    </message>
    <message>
        <source>show the history of an entry of a municipal register</source>
        <translation>история на вписване в общински регистър</translation>
    </message>
    <message>
        <source>Prints every change of entry NUMBER field by field, oldest first: the version, when, who, the old and the new value.</source>
        <translation>Извежда всяка промяна на вписване NUMBER поле по поле, от най-старата: версията, кога, кой, старата и новата стойност.</translation>
    </message>
    <message>
        <source>add many entries to a municipal register from a CSV file</source>
        <translation>внасяне на много вписвания в общински регистър от CSV файл</translation>
    </message>
    <message>
        <source>Reads FILE (or standard input for -) as CSV (RFC 4180, UTF-8, with or without a byte-order mark): a header row of field names, then one entry per row; an empty cell is no value. All rows are added in one transaction, or none: an error names the row (the header is row 1) and the field, never the value. Needs the clerk or administrator role.</source>
        <translation>Чете FILE (или стандартния вход при -) като CSV (RFC 4180, UTF-8, със или без BOM): заглавен ред с имената на полетата, после по едно вписване на ред; празна клетка означава липса на стойност. Всички редове се добавят в една транзакция, или нито един: грешката посочва реда (заглавният е ред 1) и полето, никога стойността. Изисква роля деловодител или администратор.</translation>
    </message>
    <message>
        <source>The certificate file %1 cannot be read: %2</source>
        <translation>Файлът с удостоверение %1 не може да бъде прочетен: %2</translation>
    </message>
    <message>
        <source>The file %1 holds no certificate (PEM or DER).</source>
        <translation>Файлът %1 не съдържа удостоверение (PEM или DER).</translation>
    </message>
    <message>
        <source>The folder %1 holds no certificate files (*.pem, *.crt, *.cer, *.der).</source>
        <translation>Папката %1 не съдържа файлове с удостоверения (*.pem, *.crt, *.cer, *.der).</translation>
    </message>
    <message>
        <source>The JSON file could not be written.</source>
        <translation>JSON файлът не можа да бъде записан.</translation>
    </message>
    <message>
        <source>Choose a register and a period whose start is not after its end.</source>
        <translation>Изберете регистър и период, чието начало не е след края му.</translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation>Изберете файла, в който да се експортира.</translation>
    </message>
    <message>
        <source>The file %1 cannot be written: %2</source>
        <translation>Файлът %1 не може да бъде записан: %2</translation>
    </message>
    <message>
        <source>The server address must be https://host or https://host:port, not %1.</source>
        <translation>Адресът на сървъра трябва да е https://хост или https://хост:порт, а не %1.</translation>
    </message>
    <message>
        <source>A server desk needs its certificate and private key.</source>
        <translation>Работно място към сървър се нуждае от своето удостоверение и частен ключ.</translation>
    </message>
    <message>
        <source>The file %1 is not a certificate in PEM form.</source>
        <translation>Файлът %1 не е удостоверение във формат PEM.</translation>
    </message>
    <message>
        <source>The private key file %1 cannot be read: %2</source>
        <translation>Файлът с частен ключ %1 не може да бъде прочетен: %2</translation>
    </message>
    <message>
        <source>The file %1 is not a private key in PEM form.</source>
        <translation>Файлът %1 не е частен ключ във формат PEM.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read: %2</source>
        <translation>Файлът с удостоверението на удостоверителния орган %1 не може да бъде прочетен: %2</translation>
    </message>
    <message>
        <source>The database is not a valid file or URL: %1</source>
        <translation>Базата данни не е валиден файл или URL: %1</translation>
    </message>
    <message>
        <source>The folder of the database %1 does not exist.</source>
        <translation>Папката на базата данни %1 не съществува.</translation>
    </message>
    <message>
        <source>Name the card&apos;s PKCS#11 module (p11-kit-proxy.so by default).</source>
        <translation>Посочете PKCS#11 модула на картата (по подразбиране p11-kit-proxy.so).</translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 does not exist.</source>
        <translation>PKCS#11 модулът %1 не съществува.</translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 cannot be loaded: %2</source>
        <translation>PKCS#11 модулът %1 не може да бъде зареден: %2</translation>
    </message>
    <message>
        <source>%1 is not a PKCS#11 module.</source>
        <translation>%1 не е PKCS#11 модул.</translation>
    </message>
    <message>
        <source>Printing into a PDF needs a file name after &quot;pdf:&quot;.</source>
        <translation>Печатът в PDF изисква име на файл след „pdf:“.</translation>
    </message>
    <message>
        <source>The language must be Bulgarian (bg) or English (en).</source>
        <translation>Езикът трябва да е български (bg) или английски (en).</translation>
    </message>
    <message>
        <source>The trusted certificates %1 do not exist.</source>
        <translation>Доверените удостоверения %1 не съществуват.</translation>
    </message>
    <message>
        <source>Publishing the participants to the desks failed: %1</source>
        <translation>Публикуването на участниците към работните места е неуспешно: %1</translation>
    </message>
    <message>
        <source>Open data: %1, published by %2</source>
        <translation>Отворени данни: %1, публикувани от %2</translation>
    </message>
    <message>
        <source>opendata/base_url must be an absolute http or https URL without query or fragment</source>
        <translation>opendata/base_url трябва да е абсолютен http или https адрес без заявка и фрагмент</translation>
    </message>
    <message>
        <source>opendata/homepage must be an absolute http or https URL without query or fragment</source>
        <translation>opendata/homepage трябва да е абсолютен http или https адрес без заявка и фрагмент</translation>
    </message>
    <message>
        <source>opendata/contact_email must be an e-mail address such as opendata@sofia.bg</source>
        <translation>opendata/contact_email трябва да е адрес на електронна поща, напр. opendata@sofia.bg</translation>
    </message>
    <message>
        <source>opendata/publisher must be at most %1 characters</source>
        <translation>opendata/publisher трябва да е най-много %1 знака</translation>
    </message>
    <message>
        <source>opendata/catalog_title must be at most %1 characters</source>
        <translation>opendata/catalog_title трябва да е най-много %1 знака</translation>
    </message>
    <message>
        <source>opendata/catalog_description must be at most %1 characters</source>
        <translation>opendata/catalog_description трябва да е най-много %1 знака</translation>
    </message>
    <message>
        <source>%1 must not contain control characters</source>
        <translation>%1 не трябва да съдържа управляващи знаци</translation>
    </message>
    <message>
        <source>The message could not be signed.</source>
        <translation>Съобщението не можа да бъде подписано.</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Чака изпращане</translation>
    </message>
    <message>
        <source>Send failed</source>
        <translation>Неуспешно изпращане</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Изпратен</translation>
    </message>
    <message>
        <source>Registered by the recipient %1/%2</source>
        <translation>Регистриран от получателя %1/%2</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отказан</translation>
    </message>
    <message>
        <source>Already received</source>
        <translation>Вече получен</translation>
    </message>
    <message>
        <source>Choose a document routed for signature.</source>
        <translation>Изберете документ, насочен за подпис.</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Файлът не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>The file is not a PDF.</source>
        <translation>Файлът не е PDF.</translation>
    </message>
    <message>
        <source>Choose an open outgoing register.</source>
        <translation>Изберете отворен изходящ регистър.</translation>
    </message>
    <message>
        <source>Choose who signs the document.</source>
        <translation>Изберете кой подписва документа.</translation>
    </message>
    <message>
        <source>Give the reason for returning the document.</source>
        <translation>Посочете причината за връщането на документа.</translation>
    </message>
    <message>
        <source>No such document routed for signature.</source>
        <translation>Няма такъв документ, насочен за подпис.</translation>
    </message>
    <message>
        <source>The signed file is not the routed draft with a signature added.</source>
        <translation>Подписаният файл не е насоченият проект с добавен подпис.</translation>
    </message>
    <message>
        <source>The signed file has no signature after the draft.</source>
        <translation>Подписаният файл няма подпис след проекта.</translation>
    </message>
    <message>
        <source>The signature of the signed file does not cover the whole file.</source>
        <translation>Подписът на подписания файл не обхваща целия файл.</translation>
    </message>
    <message>
        <source>The signed file&apos;s signature is damaged.</source>
        <translation>Подписът на подписания файл е повреден.</translation>
    </message>
    <message>
        <source>The signed file&apos;s signature is empty or damaged.</source>
        <translation>Подписът на подписания файл е празен или повреден.</translation>
    </message>
    <message>
        <source>The uploaded file could not be read.</source>
        <translation>Каченият файл не може да бъде прочетен.</translation>
    </message>
    <message>
        <source>%1 may not sign outgoing documents.</source>
        <translation>%1 няма право да подписва изходящи документи.</translation>
    </message>
    <message>
        <source>This document is already signed.</source>
        <translation>Този документ вече е подписан.</translation>
    </message>
    <message>
        <source>This document was returned to its author.</source>
        <translation>Този документ е върнат на автора си.</translation>
    </message>
    <message>
        <source>This document was withdrawn by its author.</source>
        <translation>Този документ е изтеглен от автора си.</translation>
    </message>
    <message>
        <source>Only the official it was routed to may sign or return this document.</source>
        <translation>Само служителят, до когото е насочен, може да подпише или върне този документ.</translation>
    </message>
    <message>
        <source>The kind of document is required.</source>
        <translation>Видът на документа е задължителен.</translation>
    </message>
    <message>
        <source>The СЕОС recipient is not a valid GUID.</source>
        <translation>Получателят по СЕОС не е валиден GUID.</translation>
    </message>
    <message>
        <source>Not sent: the СЕОС exchange is not available.</source>
        <translation>Не е изпратен: обменът по СЕОС не е достъпен.</translation>
    </message>
    <message>
        <source>The author of this document is no longer an active user; return it.</source>
        <translation>Авторът на документа вече не е активен потребител; върнете документа.</translation>
    </message>
    <message>
        <source>Only the author may withdraw a document routed for signature.</source>
        <translation>Само авторът може да изтегли документ, насочен за подпис.</translation>
    </message>
    <message>
        <source>This document is no longer awaiting signature.</source>
        <translation>Този документ вече не чака подпис.</translation>
    </message>
    <message>
        <source>The request could not be stored; please try again later.</source>
        <translation>Заявката не можа да бъде съхранена; моля, опитайте отново по-късно.</translation>
    </message>
    <message>
        <source>The Delovod server.

--check-config validates the configuration (and the TLS files when set), checks that the database opens and that its schema is current; --migrate brings the schema up to date; --serve runs the HTTPS service until SIGTERM or SIGINT, then finishes the requests in flight and exits. Without any of these, the program serves when the configuration has the [tls] settings and otherwise says that it cannot serve (exit status 2).

The database is taken from --database, else from [database] url in the configuration file, else from $DELOVOD_DATABASE: sqlite:/path/to/file.db or postgresql://user:password@host:port/name (?host=/run/postgresql for a Unix socket).

Configuration file (INI; only [database] url and [tls] are needed to serve):
  [database]
  url=sqlite:/var/lib/delovod/delovod.db
  [http]
  address=127.0.0.1
  port=8080
  threads=2
  [tls]
  certificate=/etc/delovod/server.crt   (PEM, TLS 1.2 or newer only)
  key=/etc/delovod/server.key
  client_ca=/etc/delovod/desks-ca.crt   (desks must present a certificate from it)
  [limits]
  max_header_bytes=16384
  max_body_bytes=9437184
  request_timeout_ms=30000
  idle_timeout_ms=60000
  shutdown_timeout_ms=10000
  spool_dir=/var/lib/delovod/blobs/spool (bodies over 1 MiB; default: spool in the blob directory)
  [exchange]                             (Article 18 / СЕОС; off unless enabled=true)
  enabled=true
  guid={…}                               (our administration&apos;s GUID in the registry)
  identifier=000695089                   (our identifier / ЕИК in the registry)
  name=…                                 (our administration&apos;s name)
  certificate=/etc/delovod/exchange.crt  (transport certificate, PEM: TLS client and message signing)
  key=/etc/delovod/exchange.key          (its key, PEM, unencrypted)
  peers_ca=/etc/delovod/peers-ca.crt     (CA(s) of the peers&apos; server certificates)
  delivery_interval_s=60                 (how often the outbox is delivered)
  max_message_bytes=157286400            (the largest Submit accepted; spooled to disk)
  [public]                               (citizens&apos; HTTPS listener, no client certificate; on when certificate and key are set)
  address=0.0.0.0
  port=8443
  certificate=/etc/delovod/public.crt
  key=/etc/delovod/public.key
  requests_per_minute=30                 (status checks per client address)
  burst=10
  [eservices]                            (applications from the e-service portal)
  user=eportal                           (the user the intake registers as; empty: no intake)
  trust_anchors=/etc/delovod/signers.pem (CA(s) for signed attachments, optional)
With [eservices] user set, the portal submits applications on POST /api/v1/eservices/applications (mutual TLS); citizens check them on /eservices/status of the public listener.
With [exchange] enabled the server answers Submit on POST /EGovExchange (the peers&apos; client certificates must come from a CA in [tls] client_ca) and delivers the outbox in the background.

Each request is logged on standard error as one line (method, path, status, bytes, duration, client certificate fingerprint prefix); bodies and query strings are never logged.

Exit status: 0 success, 1 wrong command line, 2 failure (the reason is on standard error).</source>
        <translation>Сървърът на Деловод.

--check-config проверява конфигурацията (и файловете за TLS, ако са зададени), дали базата данни се отваря и дали схемата ѝ е актуална; --migrate обновява схемата; --serve обслужва HTTPS до SIGTERM или SIGINT, след което довършва започнатите заявки и излиза. Без никоя от тези опции програмата обслужва, ако в конфигурацията има настройки [tls], а иначе съобщава, че не може да обслужва (изходен код 2).

Базата данни се взема от --database, иначе от [database] url в конфигурационния файл, иначе от $DELOVOD_DATABASE: sqlite:/път/до/файл.db или postgresql://потребител:парола@хост:порт/име (?host=/run/postgresql за Unix сокет).

Конфигурационен файл (INI; за обслужване са нужни само [database] url и [tls]):
  [database]
  url=sqlite:/var/lib/delovod/delovod.db
  [http]
  address=127.0.0.1
  port=8080
  threads=2
  [tls]
  certificate=/etc/delovod/server.crt   (PEM, само TLS 1.2 или по-нов)
  key=/etc/delovod/server.key
  client_ca=/etc/delovod/desks-ca.crt   (работните места трябва да представят удостоверение от него)
  [limits]
  max_header_bytes=16384
  max_body_bytes=9437184
  request_timeout_ms=30000
  idle_timeout_ms=60000
  shutdown_timeout_ms=10000
  spool_dir=/var/lib/delovod/blobs/spool (тела над 1 MiB; по подразбиране: spool в директорията на файловете)
  [exchange]                             (чл. 18 / СЕОС; изключен, освен ако enabled=true)
  enabled=true
  guid={…}                               (GUID на нашата администрация в регистъра)
  identifier=000695089                   (нашият идентификатор / ЕИК в регистъра)
  name=…                                 (наименованието на нашата администрация)
  certificate=/etc/delovod/exchange.crt  (транспортно удостоверение, PEM: TLS клиент и подписване на съобщения)
  key=/etc/delovod/exchange.key          (ключът му, PEM, нешифрован)
  peers_ca=/etc/delovod/peers-ca.crt     (удостоверител(и) на сървърните удостоверения на участниците)
  delivery_interval_s=60                 (колко често се доставят изходящите съобщения)
  max_message_bytes=157286400            (най-голямото прието Submit съобщение; записва се на диска)
  [public]                               (HTTPS адрес за гражданите, без клиентско удостоверение; включен, когато са зададени certificate и key)
  address=0.0.0.0
  port=8443
  certificate=/etc/delovod/public.crt
  key=/etc/delovod/public.key
  requests_per_minute=30                 (проверки на състоянието в минута от един клиентски адрес)
  burst=10
  [eservices]                            (заявления от портала за електронни услуги)
  user=eportal                           (потребителят, от чието име се регистрират заявленията; празно: без приемане на заявления)
  trust_anchors=/etc/delovod/signers.pem (удостоверител(и) за подписаните приложения, незадължително)
При зададен user в [eservices] порталът подава заявления чрез POST /api/v1/eservices/applications (взаимна TLS автентикация); гражданите проверяват състоянието им на /eservices/status на публичния адрес.
При включен [exchange] сървърът отговаря на Submit чрез POST /EGovExchange (клиентските удостоверения на участниците трябва да са издадени от удостоверител в [tls] client_ca) и доставя изходящите съобщения във фонов режим.

Всяка заявка се записва на стандартния изход за грешки като един ред (метод, път, състояние, байтове, продължителност, начало на отпечатъка на клиентското удостоверение); съдържанието и параметрите на заявките никога не се записват.

Изходен код: 0 успех, 1 грешен команден ред, 2 неуспех (причината е на стандартния изход за грешки).</translation>
    </message>
    <message>
        <source>exchange/max_message_bytes must be a number from %1 to %2</source>
        <translation>exchange/max_message_bytes трябва да е число от %1 до %2</translation>
    </message>
    <message>
        <source>No card was found. Insert the card into the reader.</source>
        <translation>Не е намерена карта. Поставете картата в четеца.</translation>
    </message>
    <message>
        <source>Signing with the preferred certificate “%1”.</source>
        <translation>Подписване с предпочитаното удостоверение „%1“.</translation>
    </message>
    <message>
        <source>The card holds no certificate to sign with.</source>
        <translation>На картата няма удостоверение за подписване.</translation>
    </message>
    <message>
        <source>Signing with the certificate “%1”.</source>
        <translation>Подписване с удостоверението „%1“.</translation>
    </message>
    <message>
        <source>The preferred certificate is not on the card; signing with “%1” instead.</source>
        <translation>Предпочитаното удостоверение не е на картата; подписва се с „%1“.</translation>
    </message>
    <message>
        <source>Builds a signed registration request for the document registered under INDEX (its number, date, kind and subject, with the newest version of each of its files) to the participant with this GUID in the registry copy, and puts it in the outbox; delovod-server delivers it. Our identity and transport key are the [exchange] section of the server&apos;s configuration file.</source>
        <translation>Съставя подписана заявка за регистриране на документа, регистриран под ИНДЕКС (номер, дата, вид и относно, с последната версия на всеки от файловете му), до участника с този GUID в копието на регистъра и я поставя в изходящите съобщения; delovod-server я доставя. Нашата идентичност и транспортен ключ се вземат от раздел [exchange] на конфигурационния файл на сървъра.</translation>
    </message>
</context>
<context>
    <name>dms::AnnulDialog</name>
    <message>
        <source>Annul entry</source>
        <translation>Анулиране на запис</translation>
    </message>
    <message>
        <source>Annul the entry &lt;b&gt;%1&lt;/b&gt;? The entry stays in the register, marked void; this cannot be undone.</source>
        <translation>Да се анулира ли записът &lt;b&gt;%1&lt;/b&gt;? Записът остава в регистъра, отбелязан като анулиран; действието е необратимо.</translation>
    </message>
    <message>
        <source>&amp;Annul</source>
        <translation>&amp;Анулирай</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Причина:</translation>
    </message>
    <message>
        <source>You may not annul entries.</source>
        <translation>Нямате право да анулирате записи.</translation>
    </message>
    <message>
        <source>Give the reason for the annulment.</source>
        <translation>Посочете причината за анулирането.</translation>
    </message>
</context>
<context>
    <name>dms::BatchSignJob</name>
    <message>
        <source>Looking for the card…</source>
        <translation>Търсене на картата…</translation>
    </message>
    <message>
        <source>Signing was cancelled.</source>
        <translation>Подписването е отказано.</translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation>Модулът на четеца за карти не може да бъде зареден.</translation>
    </message>
    <message>
        <source>Signing %1 of %2 (the card may ask for the PIN)…</source>
        <translation>Подписване на %1 от %2 (картата може да поиска ПИН)…</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>Подписан.</translation>
    </message>
</context>
<context>
    <name>dms::CaseTreeModel</name>
    <message numerus="yes">
        <source>Case file (%n document(s))</source>
        <translation>
            <numerusform>Преписка (%n документ)</numerusform>
            <numerusform>Преписка (%n документа)</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открита</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Приключена</translation>
    </message>
    <message>
        <source>(restricted)</source>
        <translation>(ограничен достъп)</translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation>Анулиран</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Регистриран</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Рег. индекс</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Subject / title</source>
        <translation>Относно / наименование</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Състояние</translation>
    </message>
</context>
<context>
    <name>dms::CasesDock</name>
    <message>
        <source>Case files and tasks</source>
        <translation>Преписки и задачи</translation>
    </message>
    <message>
        <source>Case f&amp;iles</source>
        <translation>&amp;Преписки</translation>
    </message>
    <message>
        <source>My tas&amp;ks</source>
        <translation>&amp;Моите задачи</translation>
    </message>
    <message>
        <source>Overd&amp;ue</source>
        <translation>Про&amp;срочени</translation>
    </message>
</context>
<context>
    <name>dms::CasesPanel</name>
    <message>
        <source>&amp;Open case file from entry</source>
        <translation>&amp;Образуване на преписка от записа</translation>
    </message>
    <message>
        <source>Open a case file with the selected entry as its base</source>
        <translation>Образува преписка с избрания запис като основен документ</translation>
    </message>
    <message>
        <source>A&amp;ttach entry to case file</source>
        <translation>П&amp;рисъединяване на записа към преписка</translation>
    </message>
    <message>
        <source>Add the selected entry to the case file selected in the tree</source>
        <translation>Присъединява избрания запис към избраната в дървото преписка</translation>
    </message>
    <message>
        <source>Assign &amp;resolution…</source>
        <translation>Поставяне на &amp;резолюция…</translation>
    </message>
    <message>
        <source>Case file on %1</source>
        <translation>Преписка по %1</translation>
    </message>
    <message>
        <source>%1 into case file %2</source>
        <translation>%1 към преписка %2</translation>
    </message>
    <message>
        <source>Resolution on %1</source>
        <translation>Резолюция по %1</translation>
    </message>
</context>
<context>
    <name>dms::CertifyDialog</name>
    <message>
        <source>Certify as a true copy</source>
        <translation>Заверяване „Вярно с оригинала“</translation>
    </message>
    <message>
        <source>Certifying was cancelled; the document is unchanged.</source>
        <translation>Заверяването е прекратено; документът не е променен.</translation>
    </message>
    <message>
        <source>The document could not be certified: %1</source>
        <translation>Документът не може да бъде заверен: %1</translation>
    </message>
    <message>
        <source>The document is certified as a true copy.</source>
        <translation>Документът е заверен с „Вярно с оригинала“.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Прекратено.</translation>
    </message>
    <message>
        <source>Not certified.</source>
        <translation>Не е заверен.</translation>
    </message>
</context>
<context>
    <name>dms::CertifyJob</name>
    <message>
        <source>True copy of the original</source>
        <translation>Вярно с оригинала</translation>
    </message>
</context>
<context>
    <name>dms::CommandStatusLabel</name>
    <message>
        <source>Done.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Refused by the server: %1</source>
        <translation>Отказано от сървъра: %1</translation>
    </message>
    <message>
        <source>%1: sent, waiting for the server…</source>
        <translation>%1: изпратено, изчаква се отговор от сървъра…</translation>
    </message>
</context>
<context>
    <name>dms::DialogPinProvider</name>
    <message>
        <source>The PIN cannot be asked on the window&apos;s own thread.</source>
        <translation>ПИН кодът не може да бъде поискан от нишката на прозореца.</translation>
    </message>
    <message>
        <source>PIN entry was cancelled.</source>
        <translation>Въвеждането на ПИН кода е прекратено.</translation>
    </message>
</context>
<context>
    <name>dms::DocumentView</name>
    <message>
        <source>Find in the document</source>
        <translation>Търсене в документа</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Намаляване</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Увеличаване</translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Файлът %1 не съществува.</translation>
    </message>
    <message>
        <source>%1 is not a PDF document that can be shown.</source>
        <translation>%1 не е PDF документ, който може да бъде показан.</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n съвпадение</numerusform>
            <numerusform>%n съвпадения</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dms::EntryDetailsView</name>
    <message>
        <source>Registered as %1</source>
        <translation>Регистриран с индекс %1</translation>
    </message>
    <message>
        <source>Annulled: %1</source>
        <translation>Анулиран: %1</translation>
    </message>
    <message>
        <source>Select an entry to see its registration data and history.</source>
        <translation>Изберете запис, за да видите регистрационните му данни и историята му.</translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation>Анулиран</translation>
    </message>
    <message>
        <source>On %1 by %2</source>
        <translation>На %1 от %2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Причина: %1</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Регистър</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Регистриран на</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>Регистриран от</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Относно</translation>
    </message>
    <message>
        <source>Correspondent</source>
        <translation>Кореспондент</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Начин на получаване</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Брой страници</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Достъп</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Case file</source>
        <translation>Преписка</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Provisional number of this desk: the server gives the official number when it is reached.</source>
        <translation>Временен номер от това работно място: официалният номер ще бъде даден от сървъра, когато има връзка с него.</translation>
    </message>
    <message>
        <source>Awaiting number</source>
        <translation>Очаква номер</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>Received at the desk as %1</source>
        <translation>Приет на работното място с номер %1</translation>
    </message>
    <message>
        <source>Sent by СЕОС</source>
        <translation>Изпратен по СЕОС</translation>
    </message>
</context>
<context>
    <name>dms::EntryFilesView</name>
    <message>
        <source>%1 (%2, not yet sent)</source>
        <translation>%1 (%2, още не е изпратен)</translation>
    </message>
    <message>
        <source>%1, version %2 (%3)</source>
        <translation>%1, версия %2 (%3)</translation>
    </message>
    <message>
        <source>No files.</source>
        <translation>Няма файлове.</translation>
    </message>
    <message>
        <source>Sign in to see the file.</source>
        <translation>Влезте, за да видите файла.</translation>
    </message>
    <message>
        <source>Fetching the file from the office…</source>
        <translation>Файлът се изтегля от деловодството…</translation>
    </message>
    <message>
        <source>The file cannot be shown: %1</source>
        <translation>Файлът не може да бъде показан: %1</translation>
    </message>
</context>
<context>
    <name>dms::MainWindow</name>
    <message>
        <source>Delovod</source>
        <translation>Деловод</translation>
    </message>
    <message>
        <source>&amp;Register incoming…</source>
        <translation>&amp;Регистриране на входящ документ…</translation>
    </message>
    <message>
        <source>Register an incoming document (%1)</source>
        <translation>Регистриране на входящ документ (%1)</translation>
    </message>
    <message>
        <source>&amp;Annul…</source>
        <translation>&amp;Анулиране…</translation>
    </message>
    <message>
        <source>Annul the selected entry</source>
        <translation>Анулиране на избрания запис</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Опресняване</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Изход</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Търсене…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Entry</source>
        <translation>&amp;Запис</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Из&amp;глед</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Основна лента</translation>
    </message>
    <message>
        <source>Search by index, subject, correspondent or text (Ctrl+F)</source>
        <translation>Търсене по индекс, относно, кореспондент или текст (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копиране</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Скриване</translation>
    </message>
    <message>
        <source>All registers</source>
        <translation>Всички регистри</translation>
    </message>
    <message>
        <source>(closed)</source>
        <translation>(закрит)</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>Потребител: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n запис</numerusform>
            <numerusform>%n записа</numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Няма влязъл потребител</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>База данни: %1</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>Регистриран: %1</translation>
    </message>
    <message>
        <source>Registered as %1</source>
        <translation>Регистриран с индекс %1</translation>
    </message>
    <message>
        <source>Generating demonstration data…</source>
        <translation>Създаване на демонстрационни данни…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отказ</translation>
    </message>
    <message>
        <source>Demo data generation was cancelled.</source>
        <translation>Създаването на демонстрационни данни е прекратено.</translation>
    </message>
    <message>
        <source>Demo data could not be generated: %1</source>
        <translation>Демонстрационните данни не могат да бъдат създадени: %1</translation>
    </message>
    <message numerus="yes">
        <source>Demo data: %n entries registered.</source>
        <translation>
            <numerusform>Демонстрационни данни: регистриран е %n запис.</numerusform>
            <numerusform>Демонстрационни данни: регистрирани са %n записа.</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Демонстрационни данни</translation>
    </message>
    <message>
        <source>more than %L1 entries</source>
        <translation>над %L1 записа</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n конфликт</numerusform>
            <numerusform>%n конфликта</numerusform>
        </translation>
    </message>
    <message>
        <source>Commands the server refused: look at them and do them again if needed.</source>
        <translation>Команди, отказани от сървъра: прегледайте ги и ги повторете, ако е необходимо.</translation>
    </message>
    <message>
        <source>Not syncing</source>
        <translation>Без синхронизация</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Без връзка</translation>
    </message>
    <message>
        <source>The server cannot be reached; work goes on and is sent later.</source>
        <translation>Няма връзка със сървъра; работата продължава и ще бъде изпратена по-късно.</translation>
    </message>
    <message>
        <source>The server cannot be reached (%1); work goes on and is sent later.</source>
        <translation>Няма връзка със сървъра (%1); работата продължава и ще бъде изпратена по-късно.</translation>
    </message>
    <message>
        <source>Online (this computer)</source>
        <translation>С връзка (този компютър)</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>С връзка</translation>
    </message>
    <message>
        <source>Online, with conflicts</source>
        <translation>С връзка; има конфликти</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n за изпращане</numerusform>
            <numerusform>%n за изпращане</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the server: %1</source>
        <translation>Отказано от сървъра: %1</translation>
    </message>
    <message>
        <source>The server refused %1: %2</source>
        <translation>Сървърът отказа %1: %2</translation>
    </message>
    <message>
        <source>Received as %1; waiting for the official number…</source>
        <translation>Приет с номер %1; очаква се официалният номер…</translation>
    </message>
    <message>
        <source>Annulment of %1 sent</source>
        <translation>Анулирането на %1 е изпратено</translation>
    </message>
    <message>
        <source>Print &amp;receipt</source>
        <translation>Печат на &amp;разписка</translation>
    </message>
    <message>
        <source>Print &amp;label</source>
        <translation>Печат на &amp;етикет</translation>
    </message>
    <message>
        <source>Cer&amp;tify the scan</source>
        <translation>&amp;Заверка на сканираното копие</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлове</translation>
    </message>
    <message>
        <source>The scan was not kept: %1</source>
        <translation>Сканираното копие не е съхранено: %1</translation>
    </message>
    <message>
        <source>Ca&amp;ses</source>
        <translation>Пре&amp;писки</translation>
    </message>
    <message>
        <source>The receipt is printed.</source>
        <translation>Разписката е отпечатана.</translation>
    </message>
    <message>
        <source>The receipt could not be printed: %1</source>
        <translation>Разписката не може да бъде отпечатана: %1</translation>
    </message>
    <message>
        <source>The label is printed.</source>
        <translation>Етикетът е отпечатан.</translation>
    </message>
    <message>
        <source>The label could not be printed: %1</source>
        <translation>Етикетът не може да бъде отпечатан: %1</translation>
    </message>
    <message>
        <source>The scan is certified; the copy goes to the office.</source>
        <translation>Сканираното копие е заверено; заверката се изпраща в деловодството.</translation>
    </message>
    <message>
        <source>The scan is not certified: %1</source>
        <translation>Сканираното копие не е заверено: %1</translation>
    </message>
    <message>
        <source>E&amp;xport register…</source>
        <translation>Е&amp;кспорт на регистър…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Н&amp;астройки…</translation>
    </message>
    <message>
        <source>&amp;Save search…</source>
        <translation>&amp;Запазване на търсенето…</translation>
    </message>
    <message>
        <source>The register of the search &quot;%1&quot; is not on this desk.</source>
        <translation>Регистърът на търсенето „%1“ не е на това работно място.</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Запазване на търсене</translation>
    </message>
    <message>
        <source>Name of the search:</source>
        <translation>Име на търсенето:</translation>
    </message>
    <message>
        <source>A saved search needs a name.</source>
        <translation>Запазеното търсене трябва да има име.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries exported to %1</source>
        <translation>
            <numerusform>%n запис е експортиран в %1</numerusform>
            <numerusform>%n записа са експортирани в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The settings are saved.</source>
        <translation>Настройките са запазени.</translation>
    </message>
</context>
<context>
    <name>dms::MyTasksPanel</name>
    <message>
        <source>Report (optional)</source>
        <translation>Отчет (по желание)</translation>
    </message>
    <message>
        <source>Rep&amp;ort:</source>
        <translation>&amp;Отчет:</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>Отбелязване като &amp;изпълнена</translation>
    </message>
    <message>
        <source>Resolution on %1 done</source>
        <translation>Резолюцията по %1 е изпълнена</translation>
    </message>
</context>
<context>
    <name>dms::OutgoingActions</name>
    <message>
        <source>&amp;Outgoing</source>
        <translation>&amp;Изходящи</translation>
    </message>
    <message>
        <source>&amp;New outgoing document…</source>
        <translation>&amp;Нов изходящ документ…</translation>
    </message>
    <message>
        <source>Send by &amp;СЕОС…</source>
        <translation>Изпращане по &amp;СЕОС…</translation>
    </message>
    <message>
        <source>The office does not run the СЕОС exchange.</source>
        <translation>Деловодството не участва в обмена по СЕОС.</translation>
    </message>
    <message>
        <source>You may not send documents.</source>
        <translation>Нямате право да изпращате документи.</translation>
    </message>
    <message>
        <source>Select a registered entry to send.</source>
        <translation>Изберете регистриран документ за изпращане.</translation>
    </message>
    <message>
        <source>Only a numbered, active entry can be sent.</source>
        <translation>Може да се изпрати само номериран, неанулиран документ.</translation>
    </message>
    <message>
        <source>Send the selected entry to another administration by СЕОС</source>
        <translation>Изпращане на избрания документ до друга администрация по СЕОС</translation>
    </message>
    <message>
        <source>Send a&amp;gain</source>
        <translation>Изпрати &amp;отново</translation>
    </message>
    <message>
        <source>The office does not send again by СЕОС.</source>
        <translation>Службата не изпраща повторно по СЕОС.</translation>
    </message>
    <message>
        <source>Select an entry whose sending failed.</source>
        <translation>Изберете запис, чието изпращане е неуспешно.</translation>
    </message>
    <message>
        <source>Send the selected entry again to the administrations it could not be sent to</source>
        <translation>Изпраща избрания запис отново до администрациите, до които не е могъл да бъде изпратен</translation>
    </message>
    <message>
        <source>%1 is queued to be sent again to %2.</source>
        <translation>%1 е поставен на опашката за повторно изпращане до %2.</translation>
    </message>
    <message>
        <source>%1 could not be queued to be sent again: %2</source>
        <translation>%1 не може да бъде поставен на опашката за повторно изпращане: %2</translation>
    </message>
</context>
<context>
    <name>dms::OutgoingDialog</name>
    <message>
        <source>New outgoing document</source>
        <translation>Нов изходящ документ</translation>
    </message>
    <message>
        <source>The PDF to sign and send</source>
        <translation>PDF документът за подписване и изпращане</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Избор…</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Писмо</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Отговор</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Удостоверение</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заповед</translation>
    </message>
    <message>
        <source>Name of a known correspondent (optional)</source>
        <translation>Име на известен кореспондент (по избор)</translation>
    </message>
    <message>
        <source>Send by СЕОС to</source>
        <translation>Изпращане по СЕОС до</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Файл:</translation>
    </message>
    <message>
        <source>&amp;Register:</source>
        <translation>&amp;Регистър:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>О&amp;тносно:</translation>
    </message>
    <message>
        <source>&amp;Recipient:</source>
        <translation>&amp;Получател:</translation>
    </message>
    <message>
        <source>Sign and &amp;register</source>
        <translation>По&amp;дписване и регистриране</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отказване…</translation>
    </message>
    <message>
        <source>Sending by СЕОС is not available: the office does not run the exchange.</source>
        <translation>Изпращането по СЕОС не е достъпно: деловодството не участва в обмена.</translation>
    </message>
    <message>
        <source>Sending by СЕОС is not available: no participants are known yet.</source>
        <translation>Изпращането по СЕОС не е достъпно: все още няма известни участници.</translation>
    </message>
    <message>
        <source>Choose the document</source>
        <translation>Изберете документа</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF документи (*.pdf)</translation>
    </message>
    <message>
        <source>No correspondent is called &quot;%1&quot;. Choose a known one or leave it empty.</source>
        <translation>Няма кореспондент с име „%1“. Изберете известен или оставете полето празно.</translation>
    </message>
    <message>
        <source>Choose the PDF file of the document.</source>
        <translation>Изберете PDF файла на документа.</translation>
    </message>
    <message>
        <source>There is no outgoing register to register the document in.</source>
        <translation>Няма изходящ регистър, в който да се регистрира документът.</translation>
    </message>
    <message>
        <source>Enter the subject.</source>
        <translation>Въведете относно.</translation>
    </message>
    <message>
        <source>Enter the kind of document.</source>
        <translation>Въведете вида на документа.</translation>
    </message>
    <message>
        <source>Choose the administration to send to.</source>
        <translation>Изберете администрацията, до която да се изпрати.</translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation>Модулът на четеца за карти не може да бъде зареден.</translation>
    </message>
    <message>
        <source>Signing is not available here.</source>
        <translation>Подписването не е достъпно тук.</translation>
    </message>
    <message>
        <source>The signed copy cannot be written: %1</source>
        <translation>Подписаното копие не може да бъде записано: %1</translation>
    </message>
    <message>
        <source>Signed electronically</source>
        <translation>Подписан електронно</translation>
    </message>
    <message>
        <source>Cancelled; nothing was registered.</source>
        <translation>Отказано; нищо не е регистрирано.</translation>
    </message>
    <message>
        <source>Not signed; nothing was registered.</source>
        <translation>Не е подписан; нищо не е регистрирано.</translation>
    </message>
    <message>
        <source>The document could not be signed: %1</source>
        <translation>Документът не може да бъде подписан: %1</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>Подписан.</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Първо влезте в системата.</translation>
    </message>
    <message>
        <source>Registered, but the signed file could not be attached: %1</source>
        <translation>Регистриран, но подписаният файл не може да бъде приложен: %1</translation>
    </message>
    <message>
        <source>Registered, but it could not be queued for sending: %1</source>
        <translation>Регистриран, но не може да бъде поставен в опашката за изпращане: %1</translation>
    </message>
    <message>
        <source>Route for si&amp;gning…</source>
        <translation>&amp;Насочване за подпис…</translation>
    </message>
    <message>
        <source>Have an official sign it with their card; it is registered once signed</source>
        <translation>Документът се подписва от длъжностно лице с неговата карта и се регистрира след подписването</translation>
    </message>
    <message>
        <source>The document could not be routed for signing: %1</source>
        <translation>Документът не може да бъде насочен за подпис: %1</translation>
    </message>
</context>
<context>
    <name>dms::OverduePanel</name>
    <message>
        <source>Executor</source>
        <translation>Изпълнител</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочени</translation>
    </message>
    <message numerus="yes">
        <source>Overdue on %1: %n resolution(s)</source>
        <translation>
            <numerusform>Просрочени към %1: %n резолюция</numerusform>
            <numerusform>Просрочени към %1: %n резолюции</numerusform>
        </translation>
    </message>
    <message>
        <source>All executors</source>
        <translation>Всички изпълнители</translation>
    </message>
</context>
<context>
    <name>dms::PadesSignJob</name>
    <message>
        <source>Check the PIN and try again.</source>
        <translation>Проверете ПИН кода и опитайте отново.</translation>
    </message>
    <message>
        <source>The card was removed before the document was signed. Insert it and try again.</source>
        <translation>Картата е извадена, преди документът да бъде подписан. Поставете я и опитайте отново.</translation>
    </message>
    <message>
        <source>Looking for the card…</source>
        <translation>Търсене на картата…</translation>
    </message>
    <message>
        <source>Signing was cancelled.</source>
        <translation>Подписването е отказано.</translation>
    </message>
    <message>
        <source>Signing (the card may ask for the PIN)…</source>
        <translation>Подписване (картата може да поиска ПИН код)…</translation>
    </message>
</context>
<context>
    <name>dms::PinDialog</name>
    <message>
        <source>Card PIN</source>
        <translation>ПИН код на картата</translation>
    </message>
    <message>
        <source>the card</source>
        <translation>картата</translation>
    </message>
    <message>
        <source>Enter the signature PIN of %1 to sign with &quot;%2&quot;.</source>
        <translation>Въведете ПИН кода за подписване на %1, за да подпишете с „%2“.</translation>
    </message>
    <message>
        <source>Enter the PIN of %1.</source>
        <translation>Въведете ПИН кода на %1.</translation>
    </message>
    <message>
        <source>Type the PIN on the card reader&apos;s keypad.</source>
        <translation>Въведете ПИН кода от клавиатурата на четеца за карти.</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before: only a few tries are left before the PIN is locked.</source>
        <translation>Вече е въвеждан грешен ПИН: остават малко опити, преди ПИН кодът да бъде блокиран.</translation>
    </message>
    <message>
        <source>This is the last try: a wrong PIN now locks the card.</source>
        <translation>Това е последният опит: грешен ПИН сега ще блокира картата.</translation>
    </message>
    <message>
        <source>The PIN is locked. Unblock it with the PUK or contact the issuer of the card.</source>
        <translation>ПИН кодът е блокиран. Отблокирайте го с PUK кода или се обърнете към издателя на картата.</translation>
    </message>
</context>
<context>
    <name>dms::RegisterExportDialog</name>
    <message>
        <source>Export a register</source>
        <translation>Експорт на регистър</translation>
    </message>
    <message>
        <source>CSV (UTF-8, comma-separated)</source>
        <translation>CSV (UTF-8, разделен със запетаи)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Избор…</translation>
    </message>
    <message>
        <source>&amp;Register:</source>
        <translation>&amp;Регистър:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>О&amp;т:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;До:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>&amp;Формат:</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>Ф&amp;айл:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Експорт</translation>
    </message>
    <message>
        <source>Entries still awaiting their number are not exported; restricted entries only for those who may read them.</source>
        <translation>Записи, които още чакат номер, не се експортират; записи с ограничен достъп – само за имащите право да ги четат.</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Експорт в</translation>
    </message>
    <message>
        <source>The period starts after it ends.</source>
        <translation>Периодът започва след края си.</translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation>Изберете файла, в който да се експортира.</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>Експортиране на %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отказ</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>Експортирането е прекратено; не е записан файл.</translation>
    </message>
</context>
<context>
    <name>dms::RegisterIncomingDialog</name>
    <message>
        <source>Register incoming document</source>
        <translation>Регистриране на входящ документ</translation>
    </message>
    <message>
        <source>e.g. application, complaint, letter</source>
        <translation>напр. заявление, жалба, писмо</translation>
    </message>
    <message>
        <source>Type the beginning of a name; optional</source>
        <translation>Въведете началото на името; незадължително</translation>
    </message>
    <message>
        <source>Opens a case &amp;file</source>
        <translation>Образува &amp;преписка</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Регистрирай</translation>
    </message>
    <message>
        <source>Re&amp;gister:</source>
        <translation>Ре&amp;гистър:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>О&amp;тносно:</translation>
    </message>
    <message>
        <source>C&amp;orrespondent:</source>
        <translation>&amp;Кореспондент:</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>&amp;Начин на получаване:</translation>
    </message>
    <message>
        <source>&amp;Pages:</source>
        <translation>Брой &amp;страници:</translation>
    </message>
    <message>
        <source>&amp;Access:</source>
        <translation>&amp;Достъп:</translation>
    </message>
    <message>
        <source>There is no open register to register in.</source>
        <translation>Няма открит регистър, в който да се регистрира.</translation>
    </message>
    <message>
        <source>There is no correspondent called “%1”. Choose one from the list.</source>
        <translation>Няма кореспондент с име „%1“. Изберете от списъка.</translation>
    </message>
    <message>
        <source>Several correspondents are called “%1”. Choose one from the list.</source>
        <translation>Има няколко кореспондента с име „%1“. Изберете от списъка.</translation>
    </message>
    <message>
        <source>Choose a register.</source>
        <translation>Изберете регистър.</translation>
    </message>
    <message>
        <source>You may not register documents on this desk.</source>
        <translation>Нямате право да регистрирате документи на това работно място.</translation>
    </message>
    <message>
        <source>The scan could not be written: %1</source>
        <translation>Сканираното копие не може да бъде записано: %1</translation>
    </message>
    <message>
        <source>Wait until the scanner has finished.</source>
        <translation>Изчакайте скенерът да приключи.</translation>
    </message>
    <message>
        <source>Writing the scan…</source>
        <translation>Сканираното копие се записва…</translation>
    </message>
</context>
<context>
    <name>dms::RegisterModel</name>
    <message>
        <source>%1; access: %2</source>
        <translation>%1; достъп: %2</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Рег. индекс</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Регистриран</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Относно</translation>
    </message>
    <message>
        <source>Correspondent</source>
        <translation>Кореспондент</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Awaiting number</source>
        <translation>Очаква номер</translation>
    </message>
    <message>
        <source>A provisional number of this desk; the server gives the official one when it is reached.</source>
        <translation>Временен номер от това работно място; официалният номер ще бъде даден от сървъра, когато има връзка с него.</translation>
    </message>
    <message>
        <source>СЕОС</source>
        <translation>СЕОС</translation>
    </message>
</context>
<context>
    <name>dms::RegistrationActions</name>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation>Модулът на четеца за карти не може да бъде зареден.</translation>
    </message>
</context>
<context>
    <name>dms::ResolutionDialog</name>
    <message>
        <source>Resolution on %1</source>
        <translation>Резолюция по %1</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(изберете)</translation>
    </message>
    <message>
        <source>What is to be done</source>
        <translation>Какво трябва да се направи</translation>
    </message>
    <message>
        <source>&amp;No deadline</source>
        <translation>&amp;Без срок</translation>
    </message>
    <message>
        <source>In &amp;working days:</source>
        <translation>В &amp;работни дни:</translation>
    </message>
    <message>
        <source>B&amp;y date:</source>
        <translation>&amp;До дата:</translation>
    </message>
    <message>
        <source>&amp;Executor:</source>
        <translation>&amp;Изпълнител:</translation>
    </message>
    <message>
        <source>&amp;Co-executors:</source>
        <translation>&amp;Съизпълнители:</translation>
    </message>
    <message>
        <source>&amp;Instruction:</source>
        <translation>&amp;Указание:</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Срок:</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Възлагане</translation>
    </message>
    <message>
        <source>Choose the executor.</source>
        <translation>Изберете изпълнителя.</translation>
    </message>
    <message>
        <source>The executor cannot also be a co-executor.</source>
        <translation>Изпълнителят не може да бъде и съизпълнител.</translation>
    </message>
    <message>
        <source>Write the instruction.</source>
        <translation>Напишете указанието.</translation>
    </message>
    <message>
        <source>The instruction is too long (at most %1 characters).</source>
        <translation>Указанието е твърде дълго (най-много %1 знака).</translation>
    </message>
    <message>
        <source>The deadline is in the past.</source>
        <translation>Срокът е дата в миналото.</translation>
    </message>
    <message>
        <source>Due on %1 (%2).</source>
        <translation>Срок: %1 (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) from today.</source>
        <translation>
            <numerusform>%n работен ден от днес.</numerusform>
            <numerusform>%n работни дни от днес.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is not a working day.</source>
        <translation>Този ден не е работен.</translation>
    </message>
    <message>
        <source>The resolution has no deadline.</source>
        <translation>Резолюцията е без срок.</translation>
    </message>
</context>
<context>
    <name>dms::ResolutionListModel</name>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Просрочена с %n ден</numerusform>
            <numerusform>Просрочена с %n дни</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Неизпълнена</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Изпълнена</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменена</translation>
    </message>
    <message numerus="yes">
        <source> (+%n co-executor(s))</source>
        <translation>
            <numerusform> (+%n съизпълнител)</numerusform>
            <numerusform> (+%n съизпълнители)</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>няма</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Запис</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Указание</translation>
    </message>
    <message>
        <source>Executor</source>
        <translation>Изпълнител</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Състояние</translation>
    </message>
</context>
<context>
    <name>dms::RouteForSigningDialog</name>
    <message>
        <source>Route for signing</source>
        <translation>Насочване за подпис</translation>
    </message>
    <message>
        <source>For the signer (optional)</source>
        <translation>За подписващия (по желание)</translation>
    </message>
    <message>
        <source>No one who may sign outgoing documents is known on this desk yet.</source>
        <translation>На това работно място още не е известен служител с право да подписва изходящи документи.</translation>
    </message>
    <message>
        <source>&amp;Signer:</source>
        <translation>&amp;Подписващ:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>&amp;Бележка:</translation>
    </message>
    <message>
        <source>&amp;Route</source>
        <translation>&amp;Насочи</translation>
    </message>
    <message>
        <source>Choose who signs the document.</source>
        <translation>Изберете кой подписва документа.</translation>
    </message>
    <message>
        <source>The note is too long (at most %1 characters).</source>
        <translation>Бележката е твърде дълга (най-много %1 знака).</translation>
    </message>
</context>
<context>
    <name>dms::RoutedDocumentsPanel</name>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Изтегли</translation>
    </message>
    <message>
        <source>Take back the selected document before it is signed</source>
        <translation>Изтегляне на избрания документ, преди да бъде подписан</translation>
    </message>
</context>
<context>
    <name>dms::SavedSearchesPanel</name>
    <message>
        <source>Saved searches</source>
        <translation>Запазени търсения</translation>
    </message>
    <message>
        <source>Save current…</source>
        <translation>Запазване на текущото…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Изпълнение</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Преименуване</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Изтриване</translation>
    </message>
</context>
<context>
    <name>dms::ScanPageModel</name>
    <message>
        <source>Sheet %1 (failed)</source>
        <translation>Лист %1 (грешка)</translation>
    </message>
    <message>
        <source>Sheet %1</source>
        <translation>Лист %1</translation>
    </message>
    <message>
        <source>Being processed…</source>
        <translation>Обработва се…</translation>
    </message>
</context>
<context>
    <name>dms::ScanPanel</name>
    <message>
        <source>Find scanners</source>
        <translation>Търсене на скенери</translation>
    </message>
    <message>
        <source>all</source>
        <translation>всички</translation>
    </message>
    <message>
        <source>Feeder: stop after this many pages</source>
        <translation>Автоматично подаващо устройство: спиране след този брой страници</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Сканиране</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Внасяне на файлове…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отказ</translation>
    </message>
    <message>
        <source>Turn right</source>
        <translation>Завъртане надясно</translation>
    </message>
    <message>
        <source>Delete page</source>
        <translation>Изтриване на страница</translation>
    </message>
    <message>
        <source>New batch</source>
        <translation>Нова партида</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Профил:</translation>
    </message>
    <message>
        <source>Scanner:</source>
        <translation>Скенер:</translation>
    </message>
    <message>
        <source>Pages:</source>
        <translation>Страници:</translation>
    </message>
    <message>
        <source>Looking for scanners…</source>
        <translation>Търсене на скенери…</translation>
    </message>
    <message>
        <source>No scanner found.</source>
        <translation>Не е намерен скенер.</translation>
    </message>
    <message numerus="yes">
        <source>%n scanner(s) found.</source>
        <translation>
            <numerusform>Намерен е %n скенер.</numerusform>
            <numerusform>Намерени са %n скенера.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a scanner first (Find scanners).</source>
        <translation>Първо изберете скенер („Търсене на скенери“).</translation>
    </message>
    <message>
        <source>Reading page %1…</source>
        <translation>Четене на страница %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) read.</source>
        <translation>
            <numerusform>Прочетена е %n страница.</numerusform>
            <numerusform>Прочетени са %n страници.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. The pages read so far are kept.</source>
        <translation>Спряно. Прочетените дотук страници са запазени.</translation>
    </message>
    <message>
        <source>The pages read before the error are kept.</source>
        <translation>Страниците, прочетени преди грешката, са запазени.</translation>
    </message>
    <message>
        <source>There are no finished pages to save.</source>
        <translation>Няма готови страници за запазване.</translation>
    </message>
    <message>
        <source>Saving the document…</source>
        <translation>Запазване на документа…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Запазено.</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>Внасяне на файлове</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>Документи (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Всички файлове (*)</translation>
    </message>
</context>
<context>
    <name>dms::SendDialog</name>
    <message>
        <source>Send %1 by СЕОС</source>
        <translation>Изпращане на %1 по СЕОС</translation>
    </message>
    <message>
        <source>No participants of the exchange are known yet.</source>
        <translation>Все още няма известни участници в обмена.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Изпращане</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;До:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Коментар:</translation>
    </message>
</context>
<context>
    <name>dms::SettingsDialog</name>
    <message>
        <source>Ask with the print dialog each time</source>
        <translation>Питане с диалога за печат всеки път</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Връзка</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Скенер</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Принтери</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Език</translation>
    </message>
    <message>
        <source>Printers and the scanner defaults apply at once; the connection, the card, the language and the trusted certificates at the next start.</source>
        <translation>Принтерите и настройките на скенера важат веднага; връзката, картата, езикът и доверените удостоверения – при следващото стартиране.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a file or a folder</source>
        <translation>Изберете файл или папка</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Изберете файл</translation>
    </message>
    <message>
        <source>This computer&apos;s database (embedded office)</source>
        <translation>Базата данни на този компютър (вградено деловодство)</translation>
    </message>
    <message>
        <source>The office&apos;s server (delovod-server)</source>
        <translation>Сървърът на деловодството (delovod-server)</translation>
    </message>
    <message>
        <source>The default file in the application&apos;s data folder</source>
        <translation>Файлът по подразбиране в папката с данни на програмата</translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation>Удостоверителните органи на системата</translation>
    </message>
    <message>
        <source>&amp;Database (file or URL):</source>
        <translation>&amp;База данни (файл или URL):</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Адрес на сървъра:</translation>
    </message>
    <message>
        <source>This desk&apos;s &amp;certificate:</source>
        <translation>&amp;Удостоверение на работното място:</translation>
    </message>
    <message>
        <source>Its private &amp;key:</source>
        <translation>&amp;Частен ключ към него:</translation>
    </message>
    <message>
        <source>The server&apos;s C&amp;A:</source>
        <translation>Удостоверителен орган на с&amp;ървъра:</translation>
    </message>
    <message>
        <source>(choose when scanning)</source>
        <translation>(избор при сканиране)</translation>
    </message>
    <message>
        <source>&amp;Find scanners</source>
        <translation>&amp;Търсене на скенери</translation>
    </message>
    <message>
        <source>&amp;Scanner:</source>
        <translation>&amp;Скенер:</translation>
    </message>
    <message>
        <source>Default &amp;profile:</source>
        <translation>&amp;Профил по подразбиране:</translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation>PKCS#11 &amp;модул:</translation>
    </message>
    <message>
        <source>&amp;Receipts:</source>
        <translation>&amp;Разписки:</translation>
    </message>
    <message>
        <source>Stamp &amp;labels:</source>
        <translation>Етикети с &amp;щемпел:</translation>
    </message>
    <message>
        <source>&quot;pdf:FILE&quot; prints into a PDF file.</source>
        <translation>„pdf:ФАЙЛ“ отпечатва в PDF файл.</translation>
    </message>
    <message>
        <source>None: signatures cannot be traced to a trusted authority</source>
        <translation>Няма: подписите не могат да бъдат проследени до доверен орган</translation>
    </message>
    <message>
        <source>&amp;Trusted certificates (file or folder):</source>
        <translation>&amp;Доверени удостоверения (файл или папка):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Език:</translation>
    </message>
    <message>
        <source>The language changes at the next start of Delovod.</source>
        <translation>Езикът се сменя при следващото стартиране на Деловод.</translation>
    </message>
    <message>
        <source>The first qualified certificate on the card</source>
        <translation>Първото квалифицирано удостоверение на картата</translation>
    </message>
    <message>
        <source>R&amp;ead the card</source>
        <translation>Прочитане на &amp;картата</translation>
    </message>
    <message>
        <source>List the certificates on the card in the reader to choose from</source>
        <translation>Показва удостоверенията на картата в четеца, за да изберете от тях</translation>
    </message>
    <message>
        <source>Preferred si&amp;gning certificate:</source>
        <translation>Предпочитано удостоверение за подпис&amp;ване:</translation>
    </message>
    <message>
        <source>Certifying scans and signing outgoing documents use it when its card is in the reader, otherwise the first qualified certificate (and say so).</source>
        <translation>Заверката на сканирани документи и подписването на изходящи документи го използват, когато картата му е в четеца, иначе първото квалифицирано удостоверение (и съобщават това).</translation>
    </message>
    <message>
        <source>The certificate with SHA-256 %1…</source>
        <translation>Удостоверението със SHA-256 %1…</translation>
    </message>
    <message>
        <source>The certificate labelled “%1” on the card</source>
        <translation>Удостоверението с етикет „%1“ на картата</translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation>Модулът на четеца за карти не може да бъде зареден.</translation>
    </message>
    <message>
        <source>%1 (issued by %2, valid until %3)</source>
        <translation>%1 (издадено от %2, валидно до %3)</translation>
    </message>
    <message>
        <source>No card was found. Insert the card into the reader.</source>
        <translation>Не е намерена карта. Поставете картата в четеца.</translation>
    </message>
</context>
<context>
    <name>dms::SignatureModel</name>
    <message>
        <source>%1 (claimed)</source>
        <translation>%1 (заявено)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Резултат</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Подписващ</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>Време на подписване</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Ниво</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
</context>
<context>
    <name>dms::SignaturePanel</name>
    <message>
        <source>Checking the signatures…</source>
        <translation>Проверка на подписите…</translation>
    </message>
    <message>
        <source>The document is not signed.</source>
        <translation>Документът не е подписан.</translation>
    </message>
    <message numerus="yes">
        <source>%n signature(s)</source>
        <translation>
            <numerusform>%n подпис</numerusform>
            <numerusform>%n подписа</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dms::SignatureQueuePanel</name>
    <message>
        <source>&amp;Sign</source>
        <translation>&amp;Подпиши</translation>
    </message>
    <message>
        <source>Sign the selected documents with your card (one PIN for all)</source>
        <translation>Подписване на избраните документи с вашата карта (един ПИН за всички)</translation>
    </message>
    <message>
        <source>Re&amp;turn…</source>
        <translation>&amp;Върни…</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>&amp;Спри</translation>
    </message>
    <message>
        <source>Select the documents to sign.</source>
        <translation>Изберете документите за подписване.</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Първо влезте в системата.</translation>
    </message>
    <message>
        <source>Signing is not available here.</source>
        <translation>Подписването не е достъпно тук.</translation>
    </message>
    <message>
        <source>Fetching the drafts from the office…</source>
        <translation>Изтегляне на проектите от деловодството…</translation>
    </message>
    <message>
        <source>The draft could not be fetched: %1</source>
        <translation>Проектът не може да бъде изтеглен: %1</translation>
    </message>
    <message>
        <source>The signed copies cannot be written: %1</source>
        <translation>Подписаните копия не могат да бъдат записани: %1</translation>
    </message>
    <message>
        <source>Signed electronically</source>
        <translation>Подписан електронно</translation>
    </message>
    <message>
        <source>Cancelled; nothing was signed.</source>
        <translation>Отменено; нищо не е подписано.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Спрян.</translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation>Не е подписан: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) signed and sent to be registered.</source>
        <translation>
            <numerusform>%n документ е подписан и изпратен за регистриране.</numerusform>
            <numerusform>%n документа са подписани и изпратени за регистриране.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed, but not queued: %1</source>
        <translation>Подписан, но не е поставен в опашката: %1</translation>
    </message>
    <message>
        <source>Select one document to return.</source>
        <translation>Изберете един документ за връщане.</translation>
    </message>
    <message>
        <source>Return to the author</source>
        <translation>Връщане на автора</translation>
    </message>
    <message>
        <source>Why is “%1” returned?</source>
        <translation>Защо се връща „%1“?</translation>
    </message>
    <message>
        <source>Give the reason for returning the document.</source>
        <translation>Посочете причината за връщането на документа.</translation>
    </message>
</context>
<context>
    <name>dms::SigningRouteModel</name>
    <message>
        <source>Awaiting signature</source>
        <translation>Чака подпис</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>Върнат: %1</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Изтеглен</translation>
    </message>
    <message>
        <source>Signed, registered as %1</source>
        <translation>Подписан, регистриран с %1</translation>
    </message>
    <message>
        <source>sent by СЕОС</source>
        <translation>изпратен по СЕОС</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>не е изпратен: %1</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Относно</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Подписващ</translation>
    </message>
    <message>
        <source>Routed</source>
        <translation>Насочен</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Бележка</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
</context>
<context>
    <name>dms::SigningRoutesDock</name>
    <message>
        <source>Routing for signature</source>
        <translation>Насочване за подпис</translation>
    </message>
    <message>
        <source>For si&amp;gnature</source>
        <translation>&amp;За подпис</translation>
    </message>
    <message>
        <source>My routed &amp;documents</source>
        <translation>&amp;Моите насочени документи</translation>
    </message>
</context>
<context>
    <name>dms::SyncConflictsDialog</name>
    <message>
        <source>Registration %1: %2</source>
        <translation>Регистрация %1: %2</translation>
    </message>
    <message>
        <source>Annulment: %1</source>
        <translation>Анулиране: %1</translation>
    </message>
    <message>
        <source>New correspondent: %1</source>
        <translation>Нов кореспондент: %1</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Отказани от сървъра команди</translation>
    </message>
    <message>
        <source>The server refused these commands of this desk. Nothing of them was recorded; do the work again where it is still needed.</source>
        <translation>Сървърът отказа тези команди от това работно място. Нищо от тях не е записано; повторете работата, където все още е необходимо.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Дата и час</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Delovod</source>
        <translation>Деловод</translation>
    </message>
    <message>
        <source>The database %1 has no users yet. Initialise it with `delovodctl init`, or fill it with demonstration data with --demo.</source>
        <translation>В базата данни %1 все още няма потребители. Инициализирайте я с `delovodctl init` или я попълнете с демонстрационни данни с --demo.</translation>
    </message>
    <message>
        <source>Cannot sign in as %1: %2</source>
        <translation>Не може да се влезе като %1: %2</translation>
    </message>
</context>
</TS>
