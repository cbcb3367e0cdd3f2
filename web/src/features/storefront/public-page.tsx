import { useEffect } from 'react'
import { readPageData } from './page-data'
import { ProductPage } from './product-page'
import { ShopPage } from './shop-page'

/** `/@<shop>` and `/@<shop>/p/<slug>`: renders from the data the Worker injected. */
export function PublicPage() {
  const data = readPageData()
  useEffect(() => {
    if (data) document.documentElement.dataset.theme = data.shop.theme
  }, [data])
  if (!data) {
    return (
      <main className="sf sf-missing">
        <h1>This page could not load</h1>
        <p>Reload the page. If it keeps happening, the shop may have moved: check the link you followed.</p>
      </main>
    )
  }
  return data.product ? <ProductPage data={data} product={data.product} /> : <ShopPage data={data} />
}
