/** The console's whole stylesheet: small, inline, readable at 360 px and on a desktop (contrast ≥ 4.5:1). */
export const consoleStyle = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 "Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:#1a1a1a;background:#f6f7f9}
a{color:#0b4f9c}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:#12325b;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header a,header button.link{color:#fff}
header .brand{font-weight:700;font-size:1.15rem;text-decoration:none;margin-right:auto}
header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
header form{margin:0}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:8px 0 16px}
h2{font-size:1.2rem;margin:0 0 8px}
h3{font-size:1rem;margin:12px 0 4px}
section.card{background:#fff;border:1px solid #d0d5dd;border-radius:6px;padding:16px;margin:0 0 16px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:480px){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:6px}}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef1f5}
label{display:block;font-weight:600;margin:8px 0 4px}
input[type=text],input[type=password]{width:100%;max-width:32rem;padding:8px;font:inherit;border:1px solid #6b7280;border-radius:4px}
button{font:inherit;padding:8px 16px;border-radius:4px;border:1px solid #12325b;background:#12325b;color:#fff;cursor:pointer;margin-top:8px}
button.secondary{background:#fff;color:#12325b}
button.link{background:none;border:none;padding:0;margin:0;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end}
.actions form{margin:0}
.help{color:#4b5563;margin:4px 0 0;font-size:.95rem}
.flash{padding:12px 16px;border-radius:6px;margin:0 0 16px;border:1px solid}
.flash.ok{background:#e8f5ec;border-color:#2f7d46}
.flash.error{background:#fdecec;border-color:#b42318}
.status{display:inline-block;padding:1px 8px;border-radius:999px;font-weight:600;font-size:.9rem;border:1px solid}
.status-ready,.status-succeeded{background:#e8f5ec;color:#1e5c33;border-color:#2f7d46}
.status-needs_authorization,.status-held{background:#fff4e0;color:#7a4a00;border-color:#b26b00}
.status-syncing,.status-running{background:#e7f0fb;color:#0b4f9c;border-color:#0b4f9c}
.status-failing,.status-failed{background:#fdecec;color:#8f1d14;border-color:#b42318}
ul.plain{margin:4px 0;padding-left:20px}
code{font-size:.9em;overflow-wrap:anywhere}
ul.items{list-style:none;margin:0;padding:0}
ul.items>li{border-top:1px solid #e3e6ea;padding:8px 0}
ul.items>li:first-child{border-top:none}
.meta{color:#4b5563;font-size:.9rem;overflow-wrap:anywhere}
details{margin-top:12px}
summary{cursor:pointer;font-weight:600;color:#0b4f9c}
`
